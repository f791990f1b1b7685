package dev.helpstream.notifier.planner;

import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;

/**
 * Plans one audience of an event (the customer, one agent, one webhook) so that a failure there,
 * such as a template or configuration value the planner cannot handle, costs that audience alone:
 * it is logged with the event id and the audience, and the planner goes on with the others.
 *
 * <p>Kafka's own failures (a fenced producer, a migrated task, a broken store or sink) are not the
 * audience's: they are rethrown for Kafka Streams to handle, and the transaction is aborted. So is
 * anything that fails outside a guarded step, which means the event itself cannot be planned: that
 * goes to the processing exception handler and its dead letters.
 */
final class AudienceGuard {

    private AudienceGuard() {}

    /** The step's result; empty if it failed (logged). */
    static <T> Optional<T> plan(Logger log, String eventId, String audience, Supplier<T> step) {
        try {
            return Optional.ofNullable(step.get());
        } catch (KafkaException kafkaFailure) {
            throw kafkaFailure;
        } catch (RuntimeException failure) {
            log.error(
                    "Event {}: the {} delivery could not be planned and is skipped; the event's other"
                            + " deliveries are planned",
                    eventId,
                    audience,
                    failure);
            return Optional.empty();
        }
    }

    /** Runs the step; false if it failed (logged). */
    static boolean run(Logger log, String eventId, String audience, Runnable step) {
        return plan(log, eventId, audience, () -> {
                    step.run();
                    return Boolean.TRUE;
                })
                .isPresent();
    }
}
