package dev.breachnotify.notifier.directory;

import dev.breachnotify.events.Practice;

/** A validated row of an import and the line it came from. */
record PracticeRow(long line, Practice practice) {}
