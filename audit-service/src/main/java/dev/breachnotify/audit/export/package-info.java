/**
 * The audit log for the data-protection officer: {@code GET /api/audit/export.csv} (the entries of an advisory, a
 * practice or a time range as CSV, streamed from one database snapshot) and {@code GET /api/audit/head}. Roles
 * {@code DPO} and {@code ADMIN}. Nothing here writes.
 */
package dev.breachnotify.audit.export;
