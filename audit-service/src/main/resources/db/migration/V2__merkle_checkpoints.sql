-- The Merkle tree over audit_log (RFC 6962, leaves in idx order) and its signed checkpoints. PostgreSQL only.
--
-- Production grants, as for V1: the service role may append and read, never rewrite:
--
--   GRANT SELECT, INSERT ON audit_merkle_node, audit_checkpoint TO audit_service;
--
-- audit_merkle_node keeps the hash of every perfect subtree: the leaves (level 0, a copy of audit_log.leaf_hash)
-- and every complete subtree above them. Each is written once, by the appender, in the transaction of the entry
-- that completes it, and never changes: a log of n entries has 2n - popcount(n) of them. With them any inclusion
-- or consistency proof, and the root of any size, takes O(log n) lookups and never rereads the log. The tree does
-- not read audit_log: an entry changed there afterwards fails its own proof, and no other entry's.
CREATE TABLE audit_merkle_node (
    level   SMALLINT NOT NULL CHECK (level BETWEEN 0 AND 62),
    idx     BIGINT   NOT NULL CHECK (idx >= 0),            -- the subtree covers leaves idx*2^level .. (idx+1)*2^level-1
    hash    BYTEA    NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (level, idx)
);

-- Signed checkpoints (C2SP tlog-checkpoint signed notes), one per tree size, never changed. The note is the
-- evidence; the other columns are what it says, for queries. Each one is also written outside the database.
CREATE TABLE audit_checkpoint (
    tree_size   BIGINT      PRIMARY KEY CHECK (tree_size >= 0),
    root_hash   BYTEA       NOT NULL CHECK (length(root_hash) = 32),
    issued_at   TIMESTAMPTZ NOT NULL,
    origin      TEXT        NOT NULL,
    signed_note TEXT        NOT NULL
);
CREATE INDEX audit_checkpoint_issued_idx ON audit_checkpoint (issued_at);

CREATE TRIGGER audit_merkle_node_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_merkle_node
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
