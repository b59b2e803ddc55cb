-- One database and one role per service; no service can read another's database.
CREATE ROLE notifier LOGIN PASSWORD 'notifier';
CREATE ROLE ack LOGIN PASSWORD 'ack';
CREATE ROLE audit_owner LOGIN PASSWORD 'audit_owner';
CREATE DATABASE notifier OWNER notifier;
CREATE DATABASE ack OWNER ack;
CREATE DATABASE audit OWNER audit_owner;
-- audit-service runs its migrations as audit_owner; grant its runtime role only INSERT and SELECT on the log
-- (see audit-service/src/main/resources/db/migration for the grants to apply after the first start).
