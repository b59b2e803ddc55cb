package dev.breachnotify.notifier.print;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Contact;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.LetterHandedToPrinter;
import dev.breachnotify.events.LetterRendered;
import dev.breachnotify.events.Practice;
import dev.breachnotify.notifier.code.AckLinks;
import dev.breachnotify.notifier.code.CodeIssuer;
import dev.breachnotify.notifier.directory.PracticeStore;
import dev.breachnotify.notifier.lifecycle.AdvisoryState;
import dev.breachnotify.notifier.lifecycle.PublishedAdvisories;
import dev.breachnotify.notifier.lifecycle.SendGate;
import dev.breachnotify.notifier.outbox.OutboxWriter;
import dev.breachnotify.platform.kafka.EventFactory;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects queued letters into print batches and hands each batch to the {@link PrintSink}.
 *
 * <p>Two steps, each durable: claiming puts up to {@code batch-size} letters into a new batch (when that many
 * wait, or when the oldest has waited {@code flush-after}) and commits; handing over renders the batch's letters
 * into one PDF ({@link BatchRenderer}: a temporary file, memory bounded whatever the batch size), gives it with
 * its manifest to the sink and then records {@code letter.rendered} and {@code letter.handed.to.printer} for every
 * letter in one transaction. A crash in between leaves the batch
 * claimed: it is rendered and delivered again under the same batch id, which the sink treats as a repeat. A
 * letter belongs to exactly one batch, so it is never printed twice.
 *
 * <p>Both steps ask the {@link SendGate}: letters of a paused advisory are not batched (and go back to the queue
 * from a claimed batch), those of a withdrawn or closed one are cancelled. The hand-over asks letter by letter in
 * the transaction that records it, holding the advisories' states until the batch is recorded: a withdrawal during
 * the hand-over waits for it, and then names the batch as handed over.
 */
@Singleton
public class PrintBatcher {

    private static final Logger LOG = LoggerFactory.getLogger(PrintBatcher.class);
    private static final long LOCK_ID = 0x6272656163685042L; // "breachPB"
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final DateTimeFormatter BATCH_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TransactionOperations<Connection> transactions;
    private final PrintStore store;
    private final PracticeStore practices;
    private final PublishedAdvisories advisories;
    private final SendGate gate;
    private final CodeIssuer codes;
    private final AckLinks links;
    private final BatchRenderer batchRenderer;
    private final PrintSink sink;
    private final OutboxWriter outbox;
    private final EventFactory events;
    private final PrintSettings settings;
    private final Clock clock;

    /** Many collaborators: a batch meets the directory, the codes, the renderer, the sink and the outbox. */
    public PrintBatcher(
            TransactionOperations<Connection> transactions,
            PrintStore store,
            PracticeStore practices,
            PublishedAdvisories advisories,
            CodeIssuer codes,
            AckLinks links,
            BatchRenderer batchRenderer,
            PrintSink sink,
            OutboxWriter outbox,
            EventFactory events,
            PrintSettings settings,
            Clock clock,
            SendGate gate) {
        this.gate = gate;
        this.transactions = transactions;
        this.store = store;
        this.practices = practices;
        this.advisories = advisories;
        this.codes = codes;
        this.links = links;
        this.batchRenderer = batchRenderer;
        this.sink = sink;
        this.outbox = outbox;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${breachnotify.notifier.print.poll-interval:5s}", initialDelay = "5s")
    void tick() {
        try {
            runOnce();
        } catch (Exception e) {
            LOG.warn("Print batching failed, will retry: {}", e.toString());
        }
    }

    /** Claims the batches that are due and hands every unfinished batch over; returns the batches handed over. */
    public List<String> runOnce() {
        claimDue();
        List<String> handedOver = new ArrayList<>();
        for (String batchId : transactions.executeRead(status -> store.unfinishedBatches(status.getConnection()))) {
            try {
                if (handOver(batchId)) {
                    handedOver.add(batchId);
                }
            } catch (Exception e) { // also the sink's IOException, which the transaction template rethrows as is
                // the batch stays claimed and is handed over on a later tick, under the same batch id
                LOG.warn(
                        "Print batch {} could not be handed over, will retry: {}",
                        batchId,
                        e.getCause() != null ? e.getCause().toString() : e.toString());
            }
        }
        return handedOver;
    }

    private void claimDue() {
        Instant now = clock.instant();
        transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            if (!tryLock(connection)) {
                return null;
            }
            int skipped = store.skipSettled(connection);
            if (skipped > 0) {
                LOG.info("{} queued letter(s) skipped: the practice confirmed everything or was excluded", skipped);
            }
            // what is batched follows the advisories' states; hand-over asks again, letter by letter
            Map<String, AdvisoryState> states = gate.read(connection, store.queuedAdvisories(connection));
            List<String> onHold = new ArrayList<>();
            for (Map.Entry<String, AdvisoryState> state : states.entrySet()) {
                switch (state.getValue().answer(AdvisoryState.Outbound.TO_PRACTICE)) {
                    case HOLD -> onHold.add(state.getKey());
                    case DROP -> {
                        int cancelled = store.cancelQueued(
                                connection,
                                List.of(state.getKey()),
                                "advisory " + state.getValue().label() + " before printing");
                        LOG.info(
                                "{} queued letter(s) of advisory {} cancelled: it is {}",
                                cancelled,
                                state.getKey(),
                                state.getValue().label());
                    }
                    case SEND -> {}
                }
            }
            while (true) {
                PrintStore.Queue queue = store.queue(connection, onHold);
                boolean full = queue.count() >= settings.getBatchSize();
                boolean due = queue.count() > 0 && !queue.oldest().isAfter(now.minus(settings.getFlushAfter()));
                if (!full && !due) {
                    return null;
                }
                String batchId = newBatchId(now);
                int claimed = store.claim(
                        connection, batchId, settings.getBatchSize(), LocalDate.ofInstant(now, ZONE), now, onHold);
                LOG.info("Print batch {} claimed with {} letter(s)", batchId, claimed);
                if (claimed == 0) {
                    return null;
                }
            }
        });
    }

    private boolean handOver(String batchId) {
        return transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            Optional<LocalDate> letterDate = store.lockUnfinished(connection, batchId);
            if (letterDate.isEmpty()) {
                return false;
            }
            // held until this transaction ends: a withdrawal waits for the whole batch, so no letter is split
            List<PrintStore.Letter> letters = printable(connection, batchId, store.lettersOf(connection, batchId));
            if (letters.isEmpty()) {
                store.cancelBatch(connection, batchId);
                LOG.info("Print batch {} cancelled: none of its letters may go out now", batchId);
                return false;
            }
            Map<String, Practice> directory = practices.findByIds(
                    connection,
                    letters.stream()
                            .map(PrintStore.Letter::practiceId)
                            .distinct()
                            .toList());
            Path pdf = Files.createTempFile(Files.createDirectories(settings.getWorkDir()), batchId + "-", ".pdf");
            try {
                List<PrintSink.ManifestLine> manifest = new ArrayList<>(letters.size());
                List<UUID> skipped = new ArrayList<>();
                int pages = render(batchId, letters, directory, letterDate.get(), pdf, manifest, skipped);
                sink.deliver(batchId, pdf, manifest);
                Instant now = clock.instant();
                store.handedOver(connection, batchId, manifest, skipped, pages, sink.name(), now);
                outbox.append(connection, events(batchId, letters, manifest));
                LOG.info(
                        "Print batch {} handed to the {} sink: {} letter(s), {} page(s)",
                        batchId,
                        sink.name(),
                        manifest.size(),
                        pages);
                return true;
            } finally {
                Files.deleteIfExists(pdf);
            }
        });
    }

    /**
     * Asks the gate about every letter of the batch, holding the advisories' states until the caller's transaction
     * ends; takes the letters that may not go out now out of the batch (back to the queue when paused, cancelled
     * when withdrawn or closed) and returns the others.
     */
    private List<PrintStore.Letter> printable(Connection connection, String batchId, List<PrintStore.Letter> letters)
            throws SQLException {
        Map<String, AdvisoryState> states = gate.holdOpen(
                connection,
                letters.stream().map(PrintStore.Letter::advisoryId).distinct().toList());
        List<PrintStore.Letter> printable = new ArrayList<>(letters.size());
        List<UUID> held = new ArrayList<>();
        Map<UUID, String> cancelled = new java.util.HashMap<>();
        for (PrintStore.Letter letter : letters) {
            switch (SendGate.answer(states, letter.advisoryId(), AdvisoryState.Outbound.TO_PRACTICE)) {
                case SEND -> printable.add(letter);
                case HOLD -> held.add(letter.notificationId());
                case DROP ->
                    cancelled.put(
                            letter.notificationId(),
                            "advisory "
                                    + states.getOrDefault(letter.advisoryId(), AdvisoryState.WITHDRAWN)
                                            .label() + " before printing");
            }
        }
        if (!held.isEmpty() || !cancelled.isEmpty()) {
            store.takeOut(connection, held, cancelled);
            LOG.info(
                    "Print batch {}: {} letter(s) held (advisory paused), {} cancelled (withdrawn or closed)",
                    batchId,
                    held.size(),
                    cancelled.size());
        }
        return printable;
    }

    /** The practice as a letter for its contact's attention is written: in the contact's language. */
    private static Practice inLanguageOf(Practice practice, Contact contact) {
        return new Practice(
                practice.practiceId(),
                practice.name(),
                practice.contactPerson(),
                practice.emails(),
                practice.address(),
                contact.languageOr(practice.language()),
                practice.segment(),
                practice.preferredChannel(),
                practice.attributes(),
                practice.contacts(),
                practice.partners());
    }

    /** Renders the batch's letters into one PDF file; returns its page count. */
    private int render(
            String batchId,
            List<PrintStore.Letter> letters,
            Map<String, Practice> directory,
            LocalDate letterDate,
            Path pdf,
            List<PrintSink.ManifestLine> manifest,
            List<UUID> skipped)
            throws IOException {
        List<BatchRenderer.Letter> printable = new ArrayList<>(letters.size());
        for (PrintStore.Letter letter : letters) {
            Practice practice = directory.get(letter.practiceId());
            if (practice == null) {
                LOG.warn("Letter {} skipped: its practice is no longer in the directory", letter.notificationId());
                skipped.add(letter.notificationId());
                continue;
            }
            AdvisoryPublished advisory = advisories.published(letter.advisoryId());
            String code = codes.codeFor(letter.advisoryId(), letter.practiceId(), letter.contactId())
                    .formatted();
            Contact contact = practice.contacts().stream()
                    .filter(candidate -> candidate.contactId().equals(letter.contactId()))
                    .findFirst()
                    .orElse(null);
            printable.add(new BatchRenderer.Letter(
                    letter.notificationId(),
                    advisory,
                    contact == null ? practice : inLanguageOf(practice, contact),
                    code,
                    links.linkFor(code),
                    letter.step(),
                    contact == null ? null : contact.name()));
        }
        manifest.addAll(batchRenderer.render(batchId, printable, letterDate, pdf));
        return manifest.stream().mapToInt(PrintSink.ManifestLine::pages).sum();
    }

    private List<EventEnvelope<?>> events(
            String batchId, List<PrintStore.Letter> letters, List<PrintSink.ManifestLine> manifest) {
        Map<String, PrintStore.Letter> byId = new java.util.HashMap<>();
        letters.forEach(letter -> byId.put(letter.notificationId().toString(), letter));
        List<EventEnvelope<?>> envelopes = new ArrayList<>(manifest.size() * 2);
        for (PrintSink.ManifestLine line : manifest) {
            PrintStore.Letter letter = byId.get(line.notificationId());
            envelopes.add(events.wrap(new LetterRendered(
                    letter.notificationId(),
                    letter.advisoryId(),
                    letter.practiceId(),
                    letter.step(),
                    batchId,
                    line.pages())));
        }
        for (PrintSink.ManifestLine line : manifest) {
            PrintStore.Letter letter = byId.get(line.notificationId());
            envelopes.add(events.wrap(new LetterHandedToPrinter(
                    letter.notificationId(), letter.advisoryId(), letter.practiceId(), batchId, sink.name())));
        }
        return envelopes;
    }

    private static String newBatchId(Instant now) {
        byte[] random = new byte[3];
        RANDOM.nextBytes(random);
        return "PB-" + BATCH_TIME.format(now.atZone(ZONE)) + "-"
                + HexFormat.of().formatHex(random).toUpperCase();
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, LOCK_ID);
            try (ResultSet result = lock.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}
