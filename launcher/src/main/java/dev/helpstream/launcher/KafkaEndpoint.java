package dev.helpstream.launcher;

import java.nio.file.Path;

/**
 * The Kafka cluster this process uses.
 *
 * @param bootstrapServers the {@code host:port} list clients connect to
 * @param embeddedDataDirectory the embedded broker's data folder, or null for an external cluster
 * @param replicationFactor the replication factor of the topics created on it
 */
record KafkaEndpoint(String bootstrapServers, Path embeddedDataDirectory, short replicationFactor) {

    boolean embedded() {
        return embeddedDataDirectory != null;
    }
}
