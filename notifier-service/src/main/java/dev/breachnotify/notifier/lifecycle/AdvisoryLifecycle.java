package dev.breachnotify.notifier.lifecycle;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The writers' side of the lifecycle: every transition begins here, in the transaction that records it.
 * {@link #begin} waits until no outbound path holds the advisory's state, locks it exclusively until the caller's
 * transaction ends, and checks the transition against the state machine of {@link AdvisoryState}.
 */
public interface AdvisoryLifecycle {

    /**
     * @return the state the advisory is in before the transition
     * @throws LifecycleException when the transition is not allowed from that state
     * @throws java.util.NoSuchElementException when there is no such advisory
     */
    AdvisoryState begin(Connection connection, String advisoryId, Transition transition) throws SQLException;
}
