-- Records a consumer could not process (not a readable event), kept with their value for an operator to inspect
-- and replay. One row per record and consumer group, however often Kafka redelivers it.
CREATE TABLE dead_letter (
    dead_letter_id   UUID PRIMARY KEY,
    consumer_group   TEXT        NOT NULL,
    topic            TEXT        NOT NULL,
    kafka_partition  INT         NOT NULL,
    kafka_offset     BIGINT      NOT NULL,
    record_key       TEXT,
    record_value     BYTEA,
    reason           TEXT        NOT NULL,
    dead_lettered_at TIMESTAMPTZ NOT NULL,
    replayed_at      TIMESTAMPTZ,
    replayed_by      TEXT,
    UNIQUE (consumer_group, topic, kafka_partition, kafka_offset)
);
CREATE INDEX dead_letter_open_idx ON dead_letter (dead_lettered_at) WHERE replayed_at IS NULL;
