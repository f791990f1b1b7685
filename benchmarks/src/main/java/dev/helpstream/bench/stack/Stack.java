package dev.helpstream.bench.stack;

import java.net.URI;
import java.util.OptionalLong;

/**
 * The Helpstream the benchmark drives: the all-in-one it started itself, or services already running
 * against {@code KAFKA_BOOTSTRAP_SERVERS}.
 */
public interface Stack extends AutoCloseable {

    String bootstrapServers();

    /** The gateway's base URL (staff views, the staff stream, login). */
    URI gateway();

    /** ingest-service's base URL ({@code POST /api/v1/tickets}). */
    URI ingest();

    /** ingest-service's SMTP listener. */
    String smtpHost();

    int smtpPort();

    /** The process whose CPU and memory are measured; empty when it is not on this machine or unknown. */
    OptionalLong pid();

    /** What was started, for the report, e.g. {@code all-in-one (embedded broker)}. */
    String description();

    @Override
    void close();
}
