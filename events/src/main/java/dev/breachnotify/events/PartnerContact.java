package dev.breachnotify.events;

/** A person at an IT service partner who receives the partner's mails. */
public record PartnerContact(String name, String email) {}
