package dev.breachnotify.notifier.email;

import dev.breachnotify.notifier.directory.PracticeStore;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Clock;

/**
 * What the email worker and the retrier share: one path from a notification to a recorded outcome (the
 * directory, the sender, the delivery and retry rows, the outcome's record), so that a retry is sent and recorded
 * exactly as a first attempt is.
 */
@Singleton
record EmailPath(TransactionOperations<Connection> transactions, DeliveryStore deliveries, PracticeStore practices,
                 EmailSender sender, DeliveryRecorder recorder, EmailSettings settings, Clock clock) {
}
