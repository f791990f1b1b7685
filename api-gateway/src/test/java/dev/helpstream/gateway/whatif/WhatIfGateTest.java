package dev.helpstream.gateway.whatif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helpstream.gateway.web.ApiProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** One what-if at a time per gateway: the others are refused at once, and a permit never leaks. */
class WhatIfGateTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final WhatIfGate gate = new WhatIfGate(1, Schedulers.boundedElastic());

    @Test
    void shouldRefuseASecondWhatIfWith429AndRetryAfterWhileOneWorksAndAdmitTheNextOnceItEnds() throws Exception {
        Work first = new Work();
        CompletableFuture<String> answer = gate.run(() -> first.call("first")).toFuture();
        first.awaitStarted();

        assertBusy(gate);

        first.finish();
        assertThat(answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(gate.run(() -> "next").block(TIMEOUT)).isEqualTo("next");
    }

    @Test
    void shouldInterruptTheWorkWhenItsCallerGoesAwayAndHoldThePermitUntilTheWorkHasEnded() throws Exception {
        Work abandoned = new Work();
        Disposable caller = gate.run(() -> abandoned.call("abandoned")).subscribe();
        abandoned.awaitStarted();

        caller.dispose();

        Awaitility.await().atMost(TIMEOUT).until(abandoned::interrupted);
        // Work that does not stop at once still holds its memory until it ends: so does the permit.
        assertBusy(gate);
        abandoned.finish();
        Awaitility.await()
                .atMost(TIMEOUT)
                .untilAsserted(
                        () -> assertThat(gate.run(() -> "next").block(TIMEOUT)).isEqualTo("next"));
    }

    @Test
    void shouldGiveThePermitBackAtOnceWhenCancelledBeforeTheWorkStartedAndOnlyOnce() throws Exception {
        List<Runnable> queued = new ArrayList<>();
        Scheduler held = Schedulers.fromExecutor(queued::add);
        WhatIfGate heldGate = new WhatIfGate(1, held);
        Disposable caller = heldGate.run(() -> "never").subscribe();
        assertThat(queued).hasSize(1);

        caller.dispose();
        AtomicReference<Throwable> refused = new AtomicReference<>();
        heldGate.run(() -> "admitted").subscribe(value -> {}, refused::set);

        assertThat(refused.get()).isNull();
        // The cancelled task, run late, does nothing and gives back no second permit.
        queued.get(0).run();
        assertBusy(heldGate);
    }

    private static void assertBusy(WhatIfGate gate) {
        assertThatThrownBy(() -> gate.run(() -> "refused").block(TIMEOUT))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.getStatusCode().value()).isEqualTo(429);
                    assertThat(problem.getHeaders().getFirst("Retry-After")).isEqualTo("5");
                    assertThat(problem.getBody().getDetail())
                            .isEqualTo("As many what-ifs as this gateway runs at once are running; try again"
                                    + " in a few seconds.");
                });
    }

    /** Blocking work that starts, then waits to be told to finish, interrupted or not. */
    private static final class Work {

        private final CountDownLatch started = new CountDownLatch(1);
        private final CountDownLatch finish = new CountDownLatch(1);
        private volatile boolean interrupted;

        String call(String result) {
            started.countDown();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (finish.getCount() > 0) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("never told to finish");
                }
                try {
                    finish.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return result;
        }

        boolean interrupted() {
            return interrupted;
        }

        void awaitStarted() throws InterruptedException {
            assertThat(started.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }

        void finish() {
            finish.countDown();
        }
    }
}
