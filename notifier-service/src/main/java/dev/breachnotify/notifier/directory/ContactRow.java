package dev.breachnotify.notifier.directory;

import dev.breachnotify.events.Contact;

/** A validated row of a contacts file: one contact of one practice, and the line it came from. */
record ContactRow(long line, String practiceId, Contact contact) {}
