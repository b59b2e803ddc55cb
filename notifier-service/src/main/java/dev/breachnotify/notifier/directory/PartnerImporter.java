package dev.breachnotify.notifier.directory;

import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.Partner;
import dev.breachnotify.events.PartnerAssignment;
import dev.breachnotify.events.PartnerRegistered;
import dev.breachnotify.events.PartnerUpdated;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PracticeUpdated;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a partners file in one database transaction: partners are upserted by id with a
 * {@code partner.registered} or {@code partner.updated} event each; a partner whose entry lists its
 * {@code practices} looks after exactly those afterwards (for the credentials listed), each practice that changed
 * gets a {@code practice.updated} event (changed field {@code partners}). A file with any problem (a bad field, an
 * unknown practice, two partners for one credential of a practice) writes nothing.
 */
@Singleton
public class PartnerImporter {

    private static final Logger LOG = LoggerFactory.getLogger(PartnerImporter.class);
    private static final int BATCH = 200;

    private final TransactionOperations<Connection> transactions;
    private final PartnerStore partners;
    private final PracticeStore practices;
    private final OutboxWriter outbox;
    private final EventFactory events;
    private final Clock clock;

    /** Six collaborators, as the other importers: the transaction, both stores, the outbox, events and time. */
    public PartnerImporter(
            TransactionOperations<Connection> transactions,
            PartnerStore partners,
            PracticeStore practices,
            OutboxWriter outbox,
            EventFactory events,
            Clock clock) {
        this.transactions = transactions;
        this.partners = partners;
        this.practices = practices;
        this.outbox = outbox;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Imports a partners file, or with {@code dryRun} only reports what an import would do.
     *
     * @throws DirectoryFileException when the file cannot be read; nothing was written
     */
    public ImportReport importFile(InputStream file, DirectoryImporter.Format format, String source, boolean dryRun) {
        ImportTally tally = new ImportTally();
        long started = System.nanoTime();
        try (PartnerFileReader reader = PartnerFileReader.open(file, format)) {
            Map<String, String> claims = new HashMap<>();
            boolean applied = transactions.executeWrite(status -> {
                Connection connection = status.getConnection();
                List<PartnerRow> batch;
                while (!(batch = reader.readBatch(BATCH, tally.problems())).isEmpty()) {
                    applyPartners(connection, batch, tally);
                    applyAssignments(connection, batch, claims, tally.problems());
                }
                if (dryRun || tally.rejected() > 0) {
                    status.setRollbackOnly();
                    return false;
                }
                return true;
            });
            ImportReport report = tally.report(source, applied, dryRun, reader.rowsRead());
            report.log(LOG, "Partners", started);
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void applyPartners(Connection connection, List<PartnerRow> batch, ImportTally tally) throws SQLException {
        Map<String, Partner> existing = partners.findByIds(
                connection, batch.stream().map(row -> row.partner().partnerId()).toList());
        List<Partner> changed = new ArrayList<>();
        List<EventEnvelope<?>> changes = new ArrayList<>();
        for (PartnerRow row : batch) {
            Partner partner = row.partner();
            Partner before = existing.get(partner.partnerId());
            if (before == null) {
                tally.created++;
                changed.add(partner);
                changes.add(events.wrap(new PartnerRegistered(partner)));
                continue;
            }
            List<String> fields = new ArrayList<>();
            compare(fields, "name", before.name(), partner.name());
            compare(fields, "language", before.language(), partner.language());
            compare(fields, "contacts", before.contacts(), partner.contacts());
            if (fields.isEmpty()) {
                tally.unchanged++;
            } else {
                tally.updated++;
                changed.add(partner);
                changes.add(events.wrap(new PartnerUpdated(partner, fields)));
            }
        }
        partners.upsert(connection, changed, clock.instant());
        outbox.append(connection, changes);
    }

    /**
     * Gives each partner that lists its practices exactly those: its assignments at practices not listed go, a
     * listed credential's earlier partner is replaced. {@code claims} holds (practice, credential) to partner over
     * the whole file, so that two partners claiming one credential of a practice are a problem.
     */
    private void applyAssignments(
            Connection connection, List<PartnerRow> batch, Map<String, String> claims, Consumer<RowProblem> problems)
            throws SQLException {
        List<PartnerRow> listing =
                batch.stream().filter(row -> row.practices() != null).toList();
        if (listing.isEmpty()) {
            return;
        }
        Map<String, Practice> before = new LinkedHashMap<>();
        for (PartnerRow row : listing) {
            for (Practice practice :
                    practices.findByPartner(connection, row.partner().partnerId())) {
                before.put(practice.practiceId(), practice);
            }
        }
        List<String> listed = listing.stream()
                .flatMap(row -> row.practices().stream())
                .map(PartnerRow.Assignment::practiceId)
                .filter(id -> !before.containsKey(id))
                .distinct()
                .toList();
        before.putAll(practices.findByIds(connection, listed));
        Map<String, List<PartnerAssignment>> after = new HashMap<>();
        before.forEach((id, practice) -> after.put(id, new ArrayList<>(practice.partners())));
        for (PartnerRow row : listing) {
            String partnerId = row.partner().partnerId();
            after.values()
                    .forEach(list ->
                            list.removeIf(assignment -> assignment.partnerId().equals(partnerId)));
            for (PartnerRow.Assignment assignment : row.practices()) {
                List<PartnerAssignment> list = after.get(assignment.practiceId());
                if (list == null) {
                    problems.accept(new RowProblem(
                            row.line(),
                            assignment.practiceId(),
                            assignment.field() + ".practiceId",
                            "unknown practice '" + assignment.practiceId() + "' (import the practices first)"));
                    continue;
                }
                for (String credential : assignment.credentials()) {
                    String earlier = claims.putIfAbsent(assignment.practiceId() + "\0" + credential, partnerId);
                    if (earlier != null && !earlier.equals(partnerId)) {
                        problems.accept(new RowProblem(
                                row.line(),
                                assignment.practiceId(),
                                assignment.field() + ".credentials",
                                "partner '" + earlier + "' of this file already looks after credential '" + credential
                                        + "' of the practice (at most one partner per credential)"));
                        continue;
                    }
                    list.removeIf(other -> other.credentialId().equals(credential));
                    list.add(new PartnerAssignment(credential, partnerId));
                    list.sort(Comparator.comparing(PartnerAssignment::credentialId));
                }
            }
        }
        List<Practice> changed = new ArrayList<>();
        List<EventEnvelope<?>> changes = new ArrayList<>();
        for (Practice practice : before.values()) {
            List<PartnerAssignment> assignments = after.get(practice.practiceId());
            if (!assignments.equals(practice.partners())) {
                Practice updated = practice.withContactsAndPartners(practice.contacts(), assignments);
                changed.add(updated);
                changes.add(events.wrap(new PracticeUpdated(updated, List.of("partners"))));
            }
        }
        practices.upsert(connection, changed, clock.instant());
        outbox.append(connection, changes);
    }

    private static void compare(List<String> fields, String name, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            fields.add(name);
        }
    }
}
