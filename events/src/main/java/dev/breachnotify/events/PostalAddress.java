package dev.breachnotify.events;

/** A postal address, as printed in a letter's window. */
public record PostalAddress(String street, String postcode, String city, String country) {}
