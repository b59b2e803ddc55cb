/**
 * The event contracts of breach-notify: one {@link dev.breachnotify.events.EventEnvelope} for every event,
 * the payload records, the {@link dev.breachnotify.events.Topic} catalogue (one writer per topic) and the
 * JSON codec. The catalogue is documented in {@code docs/events.md}.
 *
 * <p>This module depends only on Jackson and the Kafka client so that every service, the CLI and an
 * auditor's offline tools can read the events.
 */
package dev.breachnotify.events;
