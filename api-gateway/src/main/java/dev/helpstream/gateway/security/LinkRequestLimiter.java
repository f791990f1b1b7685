package dev.helpstream.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Limits how many portal magic links one email address may ask for: {@code
 * helpstream.security.link-requests-per-hour} within any sliding hour, in memory (per instance: a
 * limit for mail bombing through the helpdesk, not an exact quota).
 *
 * <p>Invariant: memory stays bounded: at most {@value #MAX_ADDRESSES} addresses are tracked;
 * when full, addresses without a request in the last hour are dropped, and if that frees nothing
 * new addresses are refused until it does.
 */
@Component
class LinkRequestLimiter {

    static final Duration WINDOW = Duration.ofHours(1);
    static final int MAX_ADDRESSES = 100_000;

    private final int perWindow;
    private final Clock clock;
    private final Map<String, Deque<Instant>> requests = new ConcurrentHashMap<>();

    LinkRequestLimiter(SecurityProperties properties, Clock clock) {
        this.perWindow = properties.linkRequestsPerHour();
        this.clock = clock;
    }

    /** Empty if this request may go ahead (and counts it); else how long until the next may. */
    Optional<Duration> tryAcquire(String normalizedEmail) {
        Instant now = clock.instant();
        if (requests.size() >= MAX_ADDRESSES && !requests.containsKey(normalizedEmail)) {
            requests.entrySet().removeIf(entry -> {
                synchronized (entry.getValue()) {
                    prune(entry.getValue(), now);
                    return entry.getValue().isEmpty();
                }
            });
            if (requests.size() >= MAX_ADDRESSES) {
                return Optional.of(WINDOW);
            }
        }
        Deque<Instant> times = requests.computeIfAbsent(normalizedEmail, email -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            if (times.size() >= perWindow) {
                return Optional.of(Duration.between(now, times.peekFirst().plus(WINDOW)));
            }
            times.addLast(now);
            return Optional.empty();
        }
    }

    private static void prune(Deque<Instant> times, Instant now) {
        Instant start = now.minus(WINDOW);
        while (!times.isEmpty() && !times.peekFirst().isAfter(start)) {
            times.removeFirst();
        }
    }
}
