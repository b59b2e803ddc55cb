package dev.breachnotify.events;

/** An advisory's subject and body in one language (templates with the practice's fields). */
public record LocalizedText(String subject, String body) {}
