/**
 * The append-only audit log: every event of every topic, exactly once, in one gapless order, with the leaf hash
 * of its canonical JSON. {@link dev.breachnotify.audit.log.AuditLogListener} reads Kafka,
 * {@link dev.breachnotify.audit.log.AuditLogAppender} is the single writer,
 * {@link dev.breachnotify.audit.log.CanonicalJson} and {@link dev.breachnotify.audit.log.LeafHash} define what is
 * hashed.
 */
package dev.breachnotify.audit.log;
