package dev.helpstream.notifier;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * notifier-service: turns ticket events into customer and agent emails and signed webhook calls.
 * A Kafka Streams planner renders each notification exactly once onto the delivery topics; the
 * spring-kafka deliverers send each delivery once (SMTP, HTTP), with retries, backoff and dead
 * letters. Runs on its own ({@code java -jar}) or inside the all-in-one launcher, which uses
 * {@link #builder()}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotifierServiceApplication {

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The application with its own configuration file, {@code notifier-service.yml}. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(NotifierServiceApplication.class)
                .properties("spring.config.name=notifier-service");
    }
}
