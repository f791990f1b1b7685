package dev.helpstream.gateway;

import dev.helpstream.schema.topic.Topics;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Seeds the demo configuration ({@link DemoData}) into {@code helpdesk.config.v1} at startup when
 * {@code helpstream.demo.enabled} is true and the topic holds no record; otherwise writes nothing.
 * Input: the config topic, read to its end. Output: the demo entities, in one transaction
 * (transactional id {@value #TRANSACTIONAL_ID}), or nothing.
 *
 * <p>It runs as a lifecycle bean, so after topic provisioning (which runs once the singletons
 * exist) and before the web server opens; startup fails when Kafka does not answer in time. The
 * launcher starts the gateway first, so the other services find the demo configuration when they
 * read the topic. {@link #outcome()} tells what happened.
 */
@Component
class DemoConfiguration implements SmartLifecycle {

    /** Shared by every gateway instance, so that only one of them can be seeding at a time. */
    static final String TRANSACTIONAL_ID = "helpstream-gateway-demo";

    private static final Logger log = LoggerFactory.getLogger(DemoConfiguration.class);

    /** What the startup did with the demo configuration. */
    enum Outcome {
        /** Not started yet. */
        PENDING,
        /** {@code helpstream.demo.enabled} is false: the topic was not even read. */
        DISABLED,
        /** The topic was empty and the demo configuration was written. */
        SEEDED,
        /** The topic already held records (an admin's or an earlier seeding's): nothing written. */
        KEPT_EXISTING,
        /** Another instance fenced this one's transaction while seeding; it writes the set or not. */
        TAKEN_OVER
    }

    private final GatewayProperties properties;
    private final Clock clock;
    private volatile Outcome outcome = Outcome.PENDING;
    private volatile boolean running;

    DemoConfiguration(GatewayProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** What the startup did; {@link Outcome#PENDING} before it ran. */
    Outcome outcome() {
        return outcome;
    }

    @Override
    public void start() {
        running = true;
        if (!properties.demo().enabled()) {
            outcome = Outcome.DISABLED;
            log.info("Demo configuration off (HELPSTREAM_DEMO=false)");
            return;
        }
        DemoSeeder.Result result = new DemoSeeder(
                        properties.kafka().bootstrapServers(),
                        Topics.CONFIG.name(),
                        TRANSACTIONAL_ID,
                        properties.kafka().startupTimeout())
                .seedIfEmpty(() -> DemoData.entities(clock.instant()));
        outcome = result.outcome();
        switch (result.outcome()) {
            case SEEDED ->
                log.info(
                        "{} was empty: wrote the demo configuration ({} entities; agents' password '{}', API key '{}')",
                        Topics.CONFIG.name(),
                        result.recordsWritten(),
                        DemoData.AGENT_PASSWORD,
                        DemoData.API_KEY);
            case KEPT_EXISTING ->
                log.info(
                        "{} already holds {} records: demo configuration not written, the existing configuration is kept",
                        Topics.CONFIG.name(),
                        result.recordsFound());
            default -> log.info("Demo configuration: {}", result.outcome());
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Before the web server, which starts late in the default phase: the API never serves a
        // configuration that is about to be seeded.
        return 0;
    }
}
