package dev.breachnotify.notifier.lifecycle;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;

/**
 * What every outbound path asks at the moment it sends: the advisories' states, held still until the caller's
 * transaction ends. A path opens its transaction, calls {@link #holdOpen}, sends what the states answer
 * {@link AdvisoryState.Answer#SEND}, records what it sent, and commits; a transition (a withdrawal, a pause) waits
 * for that commit, and whatever begins after the transition sees the new state. So nothing is sent after a
 * transition, and no print batch is split by one.
 */
public interface SendGate {

    /**
     * Takes a shared lock on each advisory's state (in a fixed order, so that two paths cannot deadlock) and reads
     * the states; until the caller's transaction ends no transition of these advisories can happen.
     *
     * @return the state of each advisory that exists; an unknown advisory is missing from the map
     */
    Map<String, AdvisoryState> holdOpen(Connection connection, Collection<String> advisoryIds) throws SQLException;

    /** The states as stored now, without holding them (for display and for choosing what to batch). */
    Map<String, AdvisoryState> read(Connection connection, Collection<String> advisoryIds) throws SQLException;

    /** The answer for one advisory from {@code states}; an unknown advisory gets nothing sent. */
    static AdvisoryState.Answer answer(
            Map<String, AdvisoryState> states, String advisoryId, AdvisoryState.Outbound outbound) {
        AdvisoryState state = states.get(advisoryId);
        return state == null ? AdvisoryState.Answer.DROP : state.answer(outbound);
    }
}
