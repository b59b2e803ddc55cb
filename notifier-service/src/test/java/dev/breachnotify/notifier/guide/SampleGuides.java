package dev.breachnotify.notifier.guide;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.EventJson;
import dev.breachnotify.events.Guide;
import dev.breachnotify.notifier.advisory.AdvisoryDraft;
import dev.breachnotify.notifier.advisory.DefaultCredentials;
import dev.breachnotify.notifier.directory.DirectoryColumns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** The sample advisory with guides ({@code samples/advisory-with-guides.json}), as tests use it. */
public final class SampleGuides {

    /** The sample file, from the module's directory (where tests run). */
    public static final Path FILE = Path.of("..", "samples", "advisory-with-guides.json");

    private SampleGuides() {}

    /** The sample as the communications team sends it. */
    public static AdvisoryDraft draft() {
        try {
            return EventJson.mapper().readValue(Files.readString(FILE), AdvisoryDraft.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample's guides, compiled as on creation. */
    public static List<Guide> compiled() {
        AdvisoryDraft draft = draft();
        GuideCompiler.Compiled compiled = GuideCompiler.compile(
                draft.guides(),
                draft.images(),
                DefaultCredentials.ALL.stream().map(Credential::id).toList(),
                DirectoryColumns.VARIANT_FIELDS);
        if (!compiled.messages().isEmpty()) {
            throw new IllegalStateException("the sample's guides are refused: " + compiled.messages());
        }
        return compiled.guides();
    }

    /** An advisory as published with the sample's guides and credentials. */
    public static AdvisoryPublished published(String advisoryId) {
        AdvisoryDraft draft = draft();
        return new AdvisoryPublished(
                advisoryId,
                draft.title(),
                draft.texts(),
                DefaultCredentials.ALL,
                draft.deadline(),
                AdvisoryPublished.Audience.ALL,
                List.of(dev.breachnotify.events.Channel.EMAIL, dev.breachnotify.events.Channel.LETTER),
                "comms",
                Instant.parse("2026-12-05T09:00:00Z"),
                null,
                draft.summary(),
                compiled());
    }
}
