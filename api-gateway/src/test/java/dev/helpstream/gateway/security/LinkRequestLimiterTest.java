package dev.helpstream.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LinkRequestLimiterTest {

    private static final Instant START = Instant.parse("2026-03-01T09:30:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final LinkRequestLimiter limiter = new LinkRequestLimiter(properties(3), clock);

    @Test
    void shouldAllowTheConfiguredNumberPerAddressAndSayWhenTheNextIsAllowed() {
        assertThat(limiter.tryAcquire("clara@example.test")).isEmpty();
        clock.advance(Duration.ofMinutes(10));
        assertThat(limiter.tryAcquire("clara@example.test")).isEmpty();
        assertThat(limiter.tryAcquire("clara@example.test")).isEmpty();

        assertThat(limiter.tryAcquire("clara@example.test")).isEqualTo(Optional.of(Duration.ofMinutes(50)));
        assertThat(limiter.tryAcquire("other@example.test")).isEmpty();
    }

    @Test
    void shouldAllowAgainOnceTheOldestRequestIsAnHourOld() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("clara@example.test")).isEmpty();
        }
        clock.advance(Duration.ofMinutes(59));
        assertThat(limiter.tryAcquire("clara@example.test")).isEqualTo(Optional.of(Duration.ofMinutes(1)));

        clock.advance(Duration.ofMinutes(1));

        assertThat(limiter.tryAcquire("clara@example.test")).isEmpty();
    }

    @Test
    void shouldNotCountARefusedRequest() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("clara@example.test");
        }
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire("clara@example.test")).isPresent();
        }

        clock.advance(Duration.ofHours(1));

        assertThat(limiter.tryAcquire("clara@example.test")).isEmpty();
    }

    private static SecurityProperties properties(int perHour) {
        return new SecurityProperties(
                null,
                Duration.ofHours(8),
                null,
                Duration.ofHours(24),
                Duration.ofDays(7),
                "http://localhost:8080",
                perHour,
                new SecurityProperties.Oidc(null, null, "preferred_username", null));
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
