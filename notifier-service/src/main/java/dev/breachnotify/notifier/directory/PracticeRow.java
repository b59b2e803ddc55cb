package dev.breachnotify.notifier.directory;

import dev.breachnotify.events.Practice;

/**
 * A validated row of an import and the line it came from.
 *
 * @param contactsGiven whether the file gives the practice's contacts (contact columns, a {@code contacts} array);
 *                      if not, an import keeps the contacts the practice has
 * @param partnersGiven whether the file gives the practice's partners; if not, an import keeps them
 */
record PracticeRow(long line, Practice practice, boolean contactsGiven, boolean partnersGiven) {

    /** A row of a file without contacts and partners. */
    PracticeRow(long line, Practice practice) {
        this(line, practice, false, false);
    }
}
