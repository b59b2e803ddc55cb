package dev.breachnotify.notifier.advisory;

import java.time.Instant;

/** What publishing did: how many practices the advisory targets. Fan-out then proceeds asynchronously. */
public record PublishResult(String advisoryId, Instant publishedAt, long practicesTargeted) {}
