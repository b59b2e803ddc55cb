-- The log does not need a unique index on the Kafka position of its entries (topic, partition, offset): the
-- consumer position is stored in the same transaction as the entries (audit_consumer_position), the single
-- writer holds an advisory lock, and records below the stored position are skipped; an event itself cannot be
-- logged twice (event_id is UNIQUE). The index cost a third of a B-tree insert per appended entry and answered
-- no query.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_topic_kafka_partition_kafka_offset_key;
