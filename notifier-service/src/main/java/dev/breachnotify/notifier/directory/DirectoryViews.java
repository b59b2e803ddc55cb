package dev.breachnotify.notifier.directory;

import dev.breachnotify.events.Partner;
import dev.breachnotify.events.PartnerAssignment;
import dev.breachnotify.events.Practice;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Read-only views of the directory for the API: a practice with its partners, partners and their practices. */
@Singleton
public class DirectoryViews {

    /** A practice and the names of the partners it has. */
    public record PracticeView(Practice practice, Map<String, String> partnerNames) {}

    /** A partner and how many practices it looks after. */
    public record PartnerSummary(Partner partner, long practices) {}

    /** One page of partners; {@code next} is the {@code after} of the next page, or {@code null} at the end. */
    public record PartnerPage(List<PartnerSummary> partners, String next) {}

    /** A practice a partner looks after, and for which credentials ({@code *} = all). */
    public record PartnerPractice(String practiceId, String name, String city, List<String> credentials) {}

    /** A partner with one page of its practices. */
    public record PartnerView(Partner partner, long practiceCount, List<PartnerPractice> practices, String next) {}

    private final TransactionOperations<Connection> transactions;
    private final PracticeStore practices;
    private final PartnerStore partners;

    public DirectoryViews(
            TransactionOperations<Connection> transactions, PracticeStore practices, PartnerStore partners) {
        this.transactions = transactions;
        this.practices = practices;
        this.partners = partners;
    }

    public Optional<PracticeView> practice(String practiceId) {
        return read(connection -> practices.findById(connection, practiceId).map(practice -> {
            try {
                Map<String, String> names = new TreeMap<>();
                partners.findByIds(
                                connection,
                                practice.partners().stream()
                                        .map(PartnerAssignment::partnerId)
                                        .toList())
                        .forEach((id, partner) -> names.put(id, partner.name()));
                return new PracticeView(practice, names);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    public PartnerPage partners(String after, int limit) {
        return read(connection -> {
            List<Partner> page = partners.page(connection, after, limit);
            Map<String, Long> counts = practices.countByPartner(
                    connection, page.stream().map(Partner::partnerId).toList());
            List<PartnerSummary> summaries = page.stream()
                    .map(partner -> new PartnerSummary(partner, counts.getOrDefault(partner.partnerId(), 0L)))
                    .toList();
            return new PartnerPage(
                    summaries, page.size() == limit ? page.get(page.size() - 1).partnerId() : null);
        });
    }

    public Optional<PartnerView> partner(String partnerId, String after, int limit) {
        return read(connection -> {
            Partner partner = partners.findByIds(connection, List.of(partnerId)).get(partnerId);
            if (partner == null) {
                return Optional.empty();
            }
            long count =
                    practices.countByPartner(connection, List.of(partnerId)).getOrDefault(partnerId, 0L);
            List<Practice> page = practices.pageByPartner(connection, partnerId, after, limit);
            List<PartnerPractice> rows = page.stream()
                    .map(practice -> new PartnerPractice(
                            practice.practiceId(),
                            practice.name(),
                            practice.address() == null
                                    ? null
                                    : practice.address().city(),
                            practice.partners().stream()
                                    .filter(assignment -> assignment.partnerId().equals(partnerId))
                                    .map(PartnerAssignment::credentialId)
                                    .toList()))
                    .toList();
            return Optional.of(new PartnerView(
                    partner,
                    count,
                    rows,
                    page.size() == limit ? page.get(page.size() - 1).practiceId() : null));
        });
    }

    private <T> T read(Query<T> query) {
        return transactions.executeRead(status -> query.run(status.getConnection()));
    }

    @FunctionalInterface
    private interface Query<T> {
        T run(Connection connection) throws SQLException;
    }
}
