package dev.helpstream.ingest;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The ingest service: the channels through which tickets arrive (today the HTTP API and the public
 * form posts). It reads {@code helpdesk.config.v1} for settings and API keys and writes {@code
 * tickets.inbound.v1}; it writes no other topic.
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
