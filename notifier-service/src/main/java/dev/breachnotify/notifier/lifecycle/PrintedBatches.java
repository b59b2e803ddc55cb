package dev.breachnotify.notifier.lifecycle;

import dev.breachnotify.events.AdvisoryRetracted;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The print batches that carried letters of an advisory to the printer: what a withdrawal can no longer stop. */
public interface PrintedBatches {

    /** Oldest first, with the number of the advisory's letters in each and when the batch was handed over. */
    List<AdvisoryRetracted.PrintBatch> handedOver(Connection connection, String advisoryId) throws SQLException;
}
