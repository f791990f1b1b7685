package dev.helpstream.ingest;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The ingest service: the channels through which tickets arrive (the HTTP API, the public form
 * posts and email: the SMTP listener and the IMAP/POP3 pollers of {@code
 * dev.helpstream.ingest.mail}). It reads {@code helpdesk.config.v1} for settings, API keys and
 * support addresses and writes {@code tickets.inbound.v1}, and {@code ingest.dlq.v1} for mail that
 * cannot become a ticket message.
 *
 * <p>Its configuration file is {@code ingest-service.yml}, not {@code application.yml}, so that the
 * all-in-one launcher can run it in the same JVM as other Spring Boot applications without their
 * settings mixing; {@link #builder()} is the one way to start it, for {@code main}, the launcher
 * and the tests alike.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestServiceApplication {

    /** The application, configured to read {@code ingest-service.yml}; call {@code run(args)}. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(IngestServiceApplication.class)
                .properties("spring.config.name=ingest-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
