package dev.breachnotify.notifier.deadletter;

import dev.breachnotify.events.DeadLetterReplayed;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.RecordDeadLettered;
import dev.breachnotify.notifier.outbox.OutboxWriter;
import dev.breachnotify.notifier.web.RequestRefused;
import dev.breachnotify.platform.kafka.EventFactory;
import dev.breachnotify.platform.kafka.EventPublisher;
import dev.breachnotify.platform.kafka.EventRecords;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier's dead-letter store. Its batch consumers (email, letters, bounce letters, confirmations) hand it each
 * batch: readable events come back, and a record that
 * is not one (a poison record: not JSON, an unknown type, a payload that does not fit) is set aside, with its value,
 * in {@code dead_letter} and announced as {@code record.dead.lettered} through the outbox, in one transaction,
 * before the batch's offsets are committed. Without this, one such record would stop its partition: the batch
 * would fail and be retried for ever. An operator lists them and, once the cause is fixed, replays one: it goes
 * back on its topic unchanged, with its key ({@code dead.letter.replayed}).
 */
@Singleton
public class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final int MAX_REASON = 300;

    private final TransactionOperations<Connection> transactions;
    private final DeadLetterStore store;
    private final OutboxWriter outbox;
    private final EventFactory events;
    private final EventPublisher publisher;
    private final Clock clock;

    public DeadLetters(
            TransactionOperations<Connection> transactions,
            DeadLetterStore store,
            OutboxWriter outbox,
            EventFactory events,
            EventPublisher publisher,
            Clock clock) {
        this.transactions = transactions;
        this.store = store;
        this.outbox = outbox;
        this.events = events;
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * @param records       a batch as consumed
     * @param consumerGroup the consumer's group
     * @return the batch's readable events, in order; the others are set aside
     */
    public List<EventEnvelope<EventPayload>> readable(
            List<ConsumerRecord<String, byte[]>> records, String consumerGroup) {
        return readable(records, consumerGroup, headers -> true);
    }

    /**
     * As {@link #readable(List, String)}, for a consumer that acts on some records only and can tell the others by
     * their headers: a record {@code relevant} rejects is passed over without being decoded (the JSON of every
     * {@code email.sent} or email notification is most of what the bounce and letter consumers would otherwise
     * do). A record without the headers in question should be let through: it is decoded, and set aside when it
     * cannot be read, as before.
     */
    public List<EventEnvelope<EventPayload>> readable(
            List<ConsumerRecord<String, byte[]>> records, String consumerGroup, Predicate<Headers> relevant) {
        List<EventEnvelope<EventPayload>> readable = new ArrayList<>(records.size());
        List<ConsumerRecord<String, byte[]>> poison = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (!relevant.test(record.headers())) {
                continue;
            }
            try {
                if (record.value() == null) {
                    throw new IllegalArgumentException("record without a value");
                }
                readable.add(EventCodec.decode(record.value()));
            } catch (IllegalArgumentException | UncheckedIOException e) {
                poison.add(record);
                reasons.add(reason(e));
            }
        }
        if (!poison.isEmpty()) {
            setAside(poison, reasons, consumerGroup);
        }
        return readable;
    }

    /** Lets through the records of these event types (by their type header) and those without the header. */
    public static Predicate<Headers> ofTypes(Set<String> wireNames) {
        return headers -> {
            String type = header(headers, EventRecords.TYPE_HEADER);
            return type == null || wireNames.contains(type);
        };
    }

    /** The last value of a header as text, or {@code null}. */
    public static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public List<DeadLetter> list(boolean includeReplayed, int limit) {
        return transactions.executeRead(status -> store.list(status.getConnection(), includeReplayed, limit));
    }

    /** Writes the dead letter back to its topic, unchanged and with its key, once. */
    public DeadLetterReplayed replay(UUID id, String user) {
        return transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            DeadLetterStore.Locked locked = store.lock(connection, id)
                    .orElseThrow(() -> new RequestRefused(HttpStatus.NOT_FOUND, "no dead letter " + id));
            DeadLetter letter = locked.letter();
            if (letter.replayedAt() != null) {
                throw new RequestRefused(
                        HttpStatus.CONFLICT,
                        "dead letter " + id + " was replayed at " + letter.replayedAt() + " by " + letter.replayedBy());
            }
            // acks=all before the row is marked: a failure leaves it unreplayed (a retry may write it twice,
            // which consumers of this topic tolerate: they are idempotent by event id)
            RecordMetadata written = publisher
                    .sendAll(List.of(new ProducerRecord<>(letter.topic(), letter.recordKey(), locked.value())))
                    .get(0);
            Instant now = clock.instant();
            store.markReplayed(connection, id, now, user);
            DeadLetterReplayed event =
                    new DeadLetterReplayed(id, letter.topic(), written.partition(), written.offset(), user);
            outbox.append(connection, List.of(events.wrap(event)));
            LOG.info(
                    "Dead letter {} ({} partition {} offset {}) replayed by {} to offset {}",
                    id,
                    letter.topic(),
                    letter.partition(),
                    letter.offset(),
                    user,
                    written.offset());
            return event;
        });
    }

    private void setAside(List<ConsumerRecord<String, byte[]>> poison, List<String> reasons, String group) {
        Instant now = clock.instant();
        transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            List<EventEnvelope<?>> announced = new ArrayList<>();
            for (int i = 0; i < poison.size(); i++) {
                ConsumerRecord<String, byte[]> record = poison.get(i);
                UUID id = UUID.nameUUIDFromBytes(
                        (group + "\u0000" + record.topic() + "\u0000" + record.partition() + "\u0000" + record.offset())
                                .getBytes(StandardCharsets.UTF_8));
                DeadLetter letter = new DeadLetter(
                        id,
                        group,
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.key(),
                        reasons.get(i),
                        now,
                        null,
                        null);
                if (store.insert(connection, letter, record.value())) {
                    announced.add(events.wrap(new RecordDeadLettered(
                            id,
                            group,
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            record.key(),
                            reasons.get(i))));
                    LOG.warn(
                            "Set aside {} partition {} offset {} for {} as dead letter {}: {}",
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            group,
                            id,
                            reasons.get(i));
                }
            }
            outbox.append(connection, announced);
            return null;
        });
    }

    /** The failure without what it quotes from the record (a fragment of the value could be personal data). */
    static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int quote = indexOfAny(message, "'\"`");
        String cut = quote < 0 ? message : message.substring(0, quote).strip() + " …";
        cut = cut.lines().findFirst().orElse("");
        return cut.length() <= MAX_REASON ? cut : cut.substring(0, MAX_REASON) + " …";
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
