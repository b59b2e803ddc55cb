package dev.breachnotify.notifier.directory;

import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.PartnerAssignment;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PracticeRegistered;
import dev.breachnotify.events.PracticeUpdated;
import dev.breachnotify.notifier.outbox.OutboxWriter;
import dev.breachnotify.platform.kafka.EventFactory;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a directory file in one database transaction: valid rows are upserted by practice id with one
 * {@code practice.registered} or {@code practice.updated} event each (via the outbox), unchanged rows are left
 * alone. By default the valid rows go in and the report lists the rejected ones; in strict mode any rejected
 * row rolls the whole file back. A file that cannot be read to its end writes nothing.
 */
@Singleton
public class DirectoryImporter {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryImporter.class);
    private static final int BATCH = 1_000;

    private final TransactionOperations<Connection> transactions;
    private final PracticeStore store;
    private final PartnerStore partnerStore;
    private final OutboxWriter outbox;
    private final EventFactory events;
    private final Clock clock;

    public DirectoryImporter(
            TransactionOperations<Connection> transactions,
            PracticeStore store,
            PartnerStore partnerStore,
            OutboxWriter outbox,
            EventFactory events,
            Clock clock) {
        this.transactions = transactions;
        this.store = store;
        this.partnerStore = partnerStore;
        this.outbox = outbox;
        this.events = events;
        this.clock = clock;
    }

    /** The formats a directory file can have. */
    public enum Format {
        CSV,
        JSON
    }

    /**
     * Imports a directory file.
     *
     * @throws DirectoryFileException when the file as a whole cannot be imported; nothing was written
     */
    public ImportReport importFile(InputStream file, Format format, boolean strict, String source) {
        return importFile(file, format, strict, source, false);
    }

    /**
     * Imports a directory file, or with {@code dryRun} only reports what an import would do: the same work in
     * a transaction that is rolled back, so the counts (created, updated, unchanged) are those of a real import
     * at this moment, and nothing is written or published.
     */
    public ImportReport importFile(InputStream file, Format format, boolean strict, String source, boolean dryRun) {
        Counts counts = new Counts();
        List<RowProblem> problems = new ArrayList<>();
        long started = System.nanoTime();
        try (DirectoryReader reader =
                format == Format.JSON ? DirectoryJsonReader.open(file) : DirectoryCsvReader.open(file)) {
            Consumer<RowProblem> sink = problem -> {
                if (problem.line() != counts.lastRejectedLine) {
                    counts.rejected++;
                    counts.lastRejectedLine = problem.line();
                }
                if (problems.size() < ImportReport.MAX_LISTED) {
                    problems.add(problem);
                }
            };
            boolean applied = transactions.executeWrite(status -> {
                Connection connection = status.getConnection();
                List<PracticeRow> batch;
                while (!(batch = reader.readBatch(BATCH, sink)).isEmpty()) {
                    apply(connection, batch, counts, sink);
                }
                if (dryRun || strict && counts.rejected > 0) {
                    status.setRollbackOnly();
                    return false;
                }
                return true;
            });
            boolean counted = applied || dryRun;
            ImportReport report = new ImportReport(
                    source,
                    strict,
                    applied,
                    dryRun,
                    reader.rowsRead(),
                    counted ? counts.created : 0,
                    counted ? counts.updated : 0,
                    counted ? counts.unchanged : 0,
                    counts.rejected,
                    List.copyOf(problems));
            report.log(LOG, "Directory", started);
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void apply(Connection connection, List<PracticeRow> batch, Counts counts, Consumer<RowProblem> problems)
            throws java.sql.SQLException {
        Map<String, Practice> existing = store.findByIds(
                connection,
                batch.stream().map(row -> row.practice().practiceId()).toList());
        Set<String> partners = partnerStore
                .findByIds(
                        connection,
                        batch.stream()
                                .flatMap(row -> row.practice().partners().stream())
                                .map(PartnerAssignment::partnerId)
                                .collect(Collectors.toSet()))
                .keySet();
        List<Practice> changed = new ArrayList<>();
        List<EventEnvelope<?>> changes = new ArrayList<>();
        for (PracticeRow row : batch) {
            List<PartnerAssignment> unknown = row.practice().partners().stream()
                    .filter(assignment -> !partners.contains(assignment.partnerId()))
                    .toList();
            if (!unknown.isEmpty()) {
                unknown.forEach(assignment -> problems.accept(new RowProblem(
                        row.line(),
                        row.practice().practiceId(),
                        RepeatedColumns.column(assignment),
                        "unknown partner '" + assignment.partnerId() + "' (import the partners first)")));
                continue;
            }
            Practice before = existing.get(row.practice().practiceId());
            Practice practice = before == null ? row.practice() : keepLinks(row, before);
            if (before == null) {
                counts.created++;
                changed.add(practice);
                changes.add(events.wrap(new PracticeRegistered(practice)));
            } else {
                List<String> fields = changedFields(before, practice);
                if (fields.isEmpty()) {
                    counts.unchanged++;
                } else {
                    counts.updated++;
                    changed.add(practice);
                    changes.add(events.wrap(new PracticeUpdated(practice, fields)));
                }
            }
        }
        store.upsert(connection, changed, clock.instant());
        outbox.append(connection, changes);
    }

    /** The row's practice, keeping the stored contacts and partners where the file does not give them. */
    private static Practice keepLinks(PracticeRow row, Practice before) {
        Practice practice = row.practice();
        return practice.withContactsAndPartners(
                row.contactsGiven() ? practice.contacts() : before.contacts(),
                row.partnersGiven() ? practice.partners() : before.partners());
    }

    static List<String> changedFields(Practice before, Practice after) {
        List<String> fields = new ArrayList<>();
        compare(fields, DirectoryColumns.NAME, before.name(), after.name());
        compare(fields, DirectoryColumns.CONTACT_PERSON, before.contactPerson(), after.contactPerson());
        compare(fields, DirectoryColumns.EMAILS, before.emails(), after.emails());
        compare(fields, "address", before.address(), after.address());
        compare(fields, DirectoryColumns.LANGUAGE, before.language(), after.language());
        compare(fields, DirectoryColumns.SEGMENT, before.segment(), after.segment());
        compare(fields, DirectoryColumns.PREFERRED_CHANNEL, before.preferredChannel(), after.preferredChannel());
        compare(fields, "attributes", before.attributes(), after.attributes());
        compare(fields, "contacts", before.contacts(), after.contacts());
        compare(fields, "partners", before.partners(), after.partners());
        return fields;
    }

    private static void compare(List<String> fields, String name, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            fields.add(name);
        }
    }

    private static final class Counts {
        long created;
        long updated;
        long unchanged;
        long rejected;
        long lastRejectedLine = -1;
    }
}
