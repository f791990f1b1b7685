package dev.helpstream.sla;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * sla-stream: keeps each ticket's SLA clocks and inactivity timers from {@code tickets.events.v1}
 * and the SLA policies and business calendars of {@code helpdesk.config.v1}, and writes targets,
 * warnings, breaches, met targets, pauses and auto-close requests to {@code tickets.sla.v1}. Runs on
 * its own ({@code java -jar}) or inside the all-in-one launcher, which uses {@link #builder()}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SlaStreamApplication {

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The application with its own configuration file, {@code sla-stream.yml}. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(SlaStreamApplication.class).properties("spring.config.name=sla-stream");
    }
}
