package dev.breachnotify.notifier.template;

/** A mail as it will be sent: subject, plain-text and HTML alternatives. */
public record RenderedMail(String subject, String text, String html) {}
