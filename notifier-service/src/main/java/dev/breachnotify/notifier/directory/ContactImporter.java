package dev.breachnotify.notifier.directory;

import dev.breachnotify.events.Contact;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.PostalAddress;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PracticeUpdated;
import dev.breachnotify.events.PreferredChannel;
import dev.breachnotify.notifier.outbox.OutboxWriter;
import dev.breachnotify.platform.kafka.EventFactory;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a contacts file in one database transaction: the contacts of each practice the file names replace the
 * ones it had, with a {@code practice.updated} event (changed field {@code contacts}) per practice that changed. A
 * file with any problem (an unknown practice, a contact id twice for a practice, a bad field) writes nothing.
 * Read in batches: a practice's contacts spread over the file still end as the file's list, but such a practice
 * gets one event per batch that changed it.
 */
@Singleton
public class ContactImporter {

    private static final Logger LOG = LoggerFactory.getLogger(ContactImporter.class);
    private static final int BATCH = 1_000;

    private final TransactionOperations<Connection> transactions;
    private final PracticeStore store;
    private final OutboxWriter outbox;
    private final EventFactory events;
    private final Clock clock;

    public ContactImporter(
            TransactionOperations<Connection> transactions,
            PracticeStore store,
            OutboxWriter outbox,
            EventFactory events,
            Clock clock) {
        this.transactions = transactions;
        this.store = store;
        this.outbox = outbox;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Imports a contacts file, or with {@code dryRun} only reports what an import would do.
     *
     * @throws DirectoryFileException when the file cannot be read; nothing was written
     */
    public ImportReport importFile(InputStream file, DirectoryImporter.Format format, String source, boolean dryRun) {
        ImportTally tally = new ImportTally();
        Fields fields = new Fields(format);
        long started = System.nanoTime();
        try (ContactFileReader reader = ContactFileReader.open(file, format)) {
            Set<String> seen = new HashSet<>();
            Set<String> changed = new HashSet<>();
            boolean applied = transactions.executeWrite(status -> {
                Connection connection = status.getConnection();
                List<ContactRow> batch;
                while (!(batch = reader.readBatch(BATCH, tally.problems())).isEmpty()) {
                    apply(connection, batch, seen, changed, fields, tally.problems());
                }
                if (dryRun || tally.rejected() > 0) {
                    status.setRollbackOnly();
                    return false;
                }
                return true;
            });
            tally.updated = changed.size();
            tally.unchanged = seen.size() - changed.size();
            ImportReport report = tally.report(source, applied, dryRun, reader.rowsRead());
            report.log(LOG, "Contacts", started);
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void apply(
            Connection connection,
            List<ContactRow> batch,
            Set<String> seen,
            Set<String> changed,
            Fields fields,
            Consumer<RowProblem> problems)
            throws SQLException {
        Map<String, List<ContactRow>> byPractice = new LinkedHashMap<>();
        batch.forEach(row -> byPractice
                .computeIfAbsent(row.practiceId(), id -> new ArrayList<>())
                .add(row));
        Map<String, Practice> existing = store.findByIds(connection, byPractice.keySet());
        List<Practice> updated = new ArrayList<>();
        List<EventEnvelope<?>> changes = new ArrayList<>();
        for (Map.Entry<String, List<ContactRow>> group : byPractice.entrySet()) {
            Practice before = existing.get(group.getKey());
            if (before == null) {
                group.getValue()
                        .forEach(row -> problems.accept(new RowProblem(
                                row.line(),
                                row.practiceId(),
                                fields.practiceId,
                                "unknown practice '" + row.practiceId() + "' (import the practices first)")));
                continue;
            }
            List<Contact> contacts =
                    seen.add(before.practiceId()) ? new ArrayList<>() : new ArrayList<>(before.contacts());
            for (ContactRow row : group.getValue()) {
                Contact contact = row.contact();
                if (contacts.stream().anyMatch(other -> other.contactId().equals(contact.contactId()))) {
                    problems.accept(new RowProblem(
                            row.line(),
                            row.practiceId(),
                            fields.contactId,
                            "the practice has a contact with the id '" + contact.contactId()
                                    + "' earlier in the file; give the contacts distinct ids"));
                } else if (contact.preferredChannel() != PreferredChannel.EMAIL && !hasAddress(before)) {
                    problems.accept(new RowProblem(
                            row.line(),
                            row.practiceId(),
                            fields.channel,
                            "a letter to the contact needs the practice's postal address, which the directory "
                                    + "does not have"));
                } else if (contacts.size() == RepeatedColumns.MAX_CONTACTS) {
                    problems.accept(new RowProblem(
                            row.line(),
                            row.practiceId(),
                            fields.practiceId,
                            "at most " + RepeatedColumns.MAX_CONTACTS + " contacts per practice"));
                } else {
                    contacts.add(contact);
                }
            }
            Practice after = before.withContactsAndPartners(contacts, before.partners());
            if (!after.contacts().equals(before.contacts())) {
                changed.add(after.practiceId());
                updated.add(after);
                changes.add(events.wrap(new PracticeUpdated(after, List.of("contacts"))));
            }
        }
        store.upsert(connection, updated, clock.instant());
        outbox.append(connection, changes);
    }

    static boolean hasAddress(Practice practice) {
        PostalAddress address = practice.address();
        return address != null
                && !isBlank(address.street())
                && !isBlank(address.postcode())
                && !isBlank(address.city());
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    /** The names a problem gives the fields, as the file's format writes them. */
    private static final class Fields {
        final String practiceId;
        final String contactId;
        final String channel;

        Fields(DirectoryImporter.Format format) {
            boolean json = format == DirectoryImporter.Format.JSON;
            practiceId = json ? "practiceId" : "practice_id";
            contactId = json ? "contactId" : "contact_id";
            channel = json ? "preferredChannel" : "channel";
        }
    }
}
