package dev.helpstream.notifier.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * When a failed delivery is tried again, and when it is given up.
 *
 * <p>A delivery is given up after a permanent failure or after {@code maxAttempts} attempts. The
 * wait before retry n is exponential ({@code initialInterval * multiplier^(n-1)}, capped at {@code
 * maxInterval}) with jitter; a server's {@code Retry-After} replaces it, capped at {@code
 * maxRetryAfter} (10 minutes by default, so that a 429 asking for two minutes gets them). The count
 * comes from {@link Attempts}, not from the error handler, so the listener (which writes RETRYING
 * only when a retry follows), the back-off and the dead letter see the same number.
 *
 * <p>Failures that are not the delivery's (the delivery log cannot be read or written: the cluster
 * is away) are retried without limit by {@link #infrastructureBackOff()}: nothing can progress
 * until the cluster is back, and giving up would lose the delivery.
 */
final class RetryPolicy {

    private final DeliveryProperties.Retry settings;
    private final Attempts attempts;
    private final DoubleSupplier random;

    RetryPolicy(DeliveryProperties.Retry settings, Attempts attempts) {
        this(settings, attempts, () -> ThreadLocalRandom.current().nextDouble());
    }

    RetryPolicy(DeliveryProperties.Retry settings, Attempts attempts, DoubleSupplier random) {
        this.settings = settings;
        this.attempts = attempts;
        this.random = random;
    }

    int maxAttempts() {
        return settings.maxAttempts();
    }

    /** Whether no further attempt follows this state. */
    boolean exhausted(Attempts.State state) {
        return state.failure().map(DeliveryFailure::permanent).orElse(false) || state.count() >= settings.maxAttempts();
    }

    /** The wait before the attempt after {@code state}, in milliseconds. */
    long waitMillis(Attempts.State state) {
        Duration asked = state.failure().flatMap(DeliveryFailure::retryAfter).orElse(null);
        if (asked != null) {
            return Math.min(
                    Math.max(asked.toMillis(), 0), settings.maxRetryAfter().toMillis());
        }
        long max = settings.maxInterval().toMillis();
        double exponential = settings.initialInterval().toMillis() * Math.pow(settings.multiplier(), state.count() - 1);
        double capped = Math.min(exponential, max);
        double spread = capped * settings.jitter() * (2 * random.getAsDouble() - 1);
        return Math.max(1, Math.min(max, Math.round(capped + spread)));
    }

    /** The back-off of one delivery: reads its attempts at each step. */
    BackOff backOffFor(String deliveryId) {
        return () -> new BackOffExecution() {
            @Override
            public long nextBackOff() {
                Attempts.State state = attempts.get(deliveryId).orElse(null);
                if (state == null || exhausted(state)) {
                    return STOP;
                }
                return waitMillis(state);
            }

            @Override
            public String toString() {
                return "DeliveryBackOff[" + deliveryId + "]";
            }
        };
    }

    /** Retries without limit, exponential with jitter: for failures of the cluster, not the delivery. */
    BackOff infrastructureBackOff() {
        ExponentialBackOff backOff =
                new ExponentialBackOff(settings.initialInterval().toMillis(), settings.multiplier());
        backOff.setMaxInterval(settings.maxInterval().toMillis());
        backOff.setJitter(Math.round(settings.initialInterval().toMillis() * settings.jitter()));
        return backOff;
    }
}
