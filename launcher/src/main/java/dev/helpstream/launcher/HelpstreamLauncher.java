package dev.helpstream.launcher;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The all-in-one start: one JVM with a real KRaft Kafka broker (unless {@code
 * KAFKA_BOOTSTRAP_SERVERS} names an external cluster), the topic catalogue provisioned, and every
 * Helpstream service. Ctrl-C stops the services, then the broker.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HelpstreamLauncher {

    public static void main(String[] args) {
        SpringApplication.run(HelpstreamLauncher.class, args);
    }
}
