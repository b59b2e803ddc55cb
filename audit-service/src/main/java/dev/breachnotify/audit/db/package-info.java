/** PostgreSQL helpers of the audit-service's stores. */
package dev.breachnotify.audit.db;
