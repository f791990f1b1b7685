package dev.helpstream.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.util.backoff.BackOffExecution;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2025-03-03T09:00:00Z");
    private static final DeliveryProperties.Retry SETTINGS = new DeliveryProperties.Retry(
            6, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), 0.2, Duration.ofMinutes(10));

    private final Attempts attempts = new Attempts();

    @Test
    void shouldWaitExponentiallyLongerAfterEachFailureUpToTheMaximum() {
        RetryPolicy policy = new RetryPolicy(SETTINGS, attempts, () -> 0.5);

        assertThat(waitAfter(policy, 1)).isEqualTo(1_000);
        assertThat(waitAfter(policy, 2)).isEqualTo(2_000);
        assertThat(waitAfter(policy, 3)).isEqualTo(4_000);
        assertThat(waitAfter(policy, 6)).isEqualTo(32_000);
        assertThat(waitAfter(policy, 8)).isEqualTo(60_000);
    }

    @Test
    void shouldSpreadEachWaitByTheJitterBothWays() {
        assertThat(waitAfter(new RetryPolicy(SETTINGS, attempts, () -> 0.0), 3)).isEqualTo(3_200);
        assertThat(waitAfter(new RetryPolicy(SETTINGS, attempts, () -> 1.0), 3)).isEqualTo(4_800);
        assertThat(waitAfter(new RetryPolicy(SETTINGS, attempts, () -> 1.0), 9)).isEqualTo(60_000);
    }

    @Test
    void shouldWaitWhatRetryAfterAsksEvenBeyondTheBackOffCapUpToItsOwnCap() {
        RetryPolicy policy = new RetryPolicy(SETTINGS, attempts, () -> 0.5);

        assertThat(policy.waitMillis(state(1, DeliveryFailure.http("429", 429, false, Duration.ofSeconds(7)))))
                .isEqualTo(7_000);
        assertThat(policy.waitMillis(state(1, DeliveryFailure.http("429", 429, false, Duration.ofSeconds(120)))))
                .isEqualTo(120_000);
        assertThat(policy.waitMillis(state(1, DeliveryFailure.http("503", 503, false, Duration.ofHours(1)))))
                .isEqualTo(600_000);
    }

    @Test
    void shouldHonourATwoMinuteRetryAfterThroughTheBackOffOfTheDelivery() {
        RetryPolicy policy = new RetryPolicy(SETTINGS, attempts, () -> 0.5);
        BackOffExecution execution = policy.backOffFor("d-429").start();

        attempts.begin("d-429", NOW);
        attempts.failed("d-429", DeliveryFailure.http("429", 429, false, Duration.ofSeconds(120)), NOW);

        assertThat(execution.nextBackOff()).isEqualTo(120_000);
    }

    @Test
    void shouldGiveUpAfterThePermanentFailureOrTheLastAttempt() {
        RetryPolicy policy = new RetryPolicy(SETTINGS, attempts);

        assertThat(policy.exhausted(state(1, DeliveryFailure.http("404", 404, true, null))))
                .isTrue();
        assertThat(policy.exhausted(state(5, DeliveryFailure.transientFailure("500", null))))
                .isFalse();
        assertThat(policy.exhausted(state(6, DeliveryFailure.transientFailure("500", null))))
                .isTrue();
    }

    @Test
    void shouldStopTheBackOffOfADeliveryOnceItsAttemptsAreUsedUp() {
        RetryPolicy policy = new RetryPolicy(
                new DeliveryProperties.Retry(
                        3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), 0.0, Duration.ofMinutes(10)),
                attempts);
        BackOffExecution execution = policy.backOffFor("d-1").start();

        fail("d-1");
        assertThat(execution.nextBackOff()).isEqualTo(100);
        fail("d-1");
        assertThat(execution.nextBackOff()).isEqualTo(200);
        fail("d-1");
        assertThat(execution.nextBackOff()).isEqualTo(BackOffExecution.STOP);
    }

    private void fail(String deliveryId) {
        attempts.begin(deliveryId, NOW);
        attempts.failed(deliveryId, DeliveryFailure.transientFailure("500", null), NOW);
    }

    private static long waitAfter(RetryPolicy policy, int attempt) {
        return policy.waitMillis(state(attempt, DeliveryFailure.transientFailure("500", null)));
    }

    private static Attempts.State state(int count, DeliveryFailure failure) {
        return new Attempts.State(count, NOW, NOW, failure);
    }
}
