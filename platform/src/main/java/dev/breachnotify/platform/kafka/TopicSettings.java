package dev.breachnotify.platform.kafka;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * How the topics are created at start-up ({@code breachnotify.kafka.topics.*}).
 */
@ConfigurationProperties("breachnotify.kafka.topics")
public class TopicSettings {

    /** Partitions per topic; the unit of consumer parallelism. Default 6. */
    private int partitions = 6;
    /** Replication factor: 1 embedded, 3 in production. Default 1. */
    private short replicationFactor = 1;
    /** {@code min.insync.replicas} for the topics, or 0 to leave the broker default. Production: 2. */
    private int minInsyncReplicas;
    /** Whether this service creates missing topics at start-up. Default true. */
    private boolean create = true;

    public int getPartitions() {
        return partitions;
    }

    public void setPartitions(int partitions) {
        this.partitions = partitions;
    }

    public short getReplicationFactor() {
        return replicationFactor;
    }

    public void setReplicationFactor(short replicationFactor) {
        this.replicationFactor = replicationFactor;
    }

    public int getMinInsyncReplicas() {
        return minInsyncReplicas;
    }

    public void setMinInsyncReplicas(int minInsyncReplicas) {
        this.minInsyncReplicas = minInsyncReplicas;
    }

    public boolean isCreate() {
        return create;
    }

    public void setCreate(boolean create) {
        this.create = create;
    }
}
