package dev.helpstream.bench.stack;

import java.net.URI;
import java.util.OptionalLong;

/**
 * Services already running against {@code KAFKA_BOOTSTRAP_SERVERS}: the benchmark starts nothing
 * and stops nothing. Their notifier must relay mail to the benchmark's mailbox port. CPU and RSS
 * are measured only when the process id of an all-in-one on this machine is given.
 */
public record ExternalStack(
        String bootstrapServers, URI gateway, URI ingest, String smtpHost, int smtpPort, OptionalLong pid)
        implements Stack {

    @Override
    public String description() {
        return "running services at " + gateway + " and " + ingest + ", Kafka " + bootstrapServers;
    }

    @Override
    public void close() {}
}
