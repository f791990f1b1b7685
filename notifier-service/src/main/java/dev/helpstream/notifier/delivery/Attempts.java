package dev.helpstream.notifier.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The attempts of the deliveries this instance is working on: how many, since when, and how the
 * last one failed. The single count the listeners, the back-off and the dead letters agree on.
 *
 * <p>In memory: a delivery is forgotten once delivered or dead-lettered. After a restart a
 * delivery that was being retried starts again from attempt 1 (its earlier attempts are in the
 * delivery log). Entries of deliveries another instance took over are dropped after a day.
 */
final class Attempts {

    private static final int PRUNE_ABOVE = 10_000;
    private static final Duration FORGET_AFTER = Duration.ofDays(1);

    private final ConcurrentMap<String, State> states = new ConcurrentHashMap<>();

    /**
     * The attempts of one delivery so far.
     *
     * @param count attempts started, from 1
     * @param firstAt when the first attempt started
     * @param lastAt when the last attempt started
     * @param lastFailure how the last attempt failed, or null while it runs
     */
    record State(int count, Instant firstAt, Instant lastAt, DeliveryFailure lastFailure) {

        Optional<DeliveryFailure> failure() {
            return Optional.ofNullable(lastFailure);
        }
    }

    /** Starts an attempt of {@code deliveryId} and returns its number, from 1. */
    int begin(String deliveryId, Instant now) {
        if (states.size() > PRUNE_ABOVE) {
            Instant cutoff = now.minus(FORGET_AFTER);
            states.values().removeIf(state -> state.lastAt().isBefore(cutoff));
        }
        return states.compute(
                        deliveryId,
                        (id, state) -> state == null
                                ? new State(1, now, now, null)
                                : new State(state.count() + 1, state.firstAt(), now, null))
                .count();
    }

    /** Records how the current attempt of {@code deliveryId} failed ({@code now}: if none began). */
    State failed(String deliveryId, DeliveryFailure failure, Instant now) {
        return states.compute(
                deliveryId,
                (id, state) -> state == null
                        ? new State(1, now, now, failure)
                        : new State(state.count(), state.firstAt(), state.lastAt(), failure));
    }

    Optional<State> get(String deliveryId) {
        return Optional.ofNullable(states.get(deliveryId));
    }

    /** Forgets a delivery that reached its outcome. */
    void clear(String deliveryId) {
        states.remove(deliveryId);
    }
}
