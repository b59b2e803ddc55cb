package dev.breachnotify.notifier.directory;

import dev.breachnotify.events.Partner;
import java.util.List;

/**
 * A validated partner of a partners file and the line it starts at.
 *
 * @param practices the practices it looks after and for which credentials, or {@code null} when the file does not
 *                  say (then its assignments stay as they are)
 */
record PartnerRow(long line, Partner partner, List<Assignment> practices) {

    /** The partner looks after these credentials ({@code *} = all) of the practice. */
    record Assignment(String practiceId, List<String> credentials, String field) {}
}
