/**
 * The data-protection officer's evidence report of one advisory, as a PDF:
 * {@code GET /api/audit/advisories/{advisoryId}/evidence.pdf} (roles {@code DPO}, {@code ADMIN}), and the CSV of
 * the practices still outstanding. Built from the audit log alone (the canonical JSON of its entries), aggregated in
 * PostgreSQL in one read-only snapshot, so its size and memory do not grow with the log. Nothing here writes.
 */
package dev.breachnotify.audit.report;
