package dev.helpstream.gateway.whatif;

import dev.helpstream.gateway.web.ApiProblem;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Lets at most {@code helpstream.what-if.max-concurrent} what-ifs work at once in this gateway. Each
 * holds a Kafka consumer with its fetch buffers and two clock states per ticket of its period, so
 * more at once would put the heap every view, stream and command of the gateway shares at risk. A
 * request over the limit is refused at once with 429 and {@code Retry-After}, never queued.
 *
 * <p>Input: the blocking work of a request. Output: its result, computed on the bounded elastic
 * scheduler. Invariant: a permit is held from admission until the work has ended, also when the
 * caller went away meanwhile (its thread is interrupted, which stops a Kafka read, but its memory
 * stays until it ends); a request cancelled before its work started gives its permit back at once.
 * A caller that went away is told nothing (no error logged for an interrupted read).
 */
@Component
class WhatIfGate {

    /** Seconds a refused caller is told to wait: a what-if of a busy quarter takes some seconds. */
    static final String RETRY_AFTER_SECONDS = "5";

    private static final Logger log = LoggerFactory.getLogger(WhatIfGate.class);

    private static final int PENDING = 0;
    private static final int WORKING = 1;
    private static final int DONE = 2;

    private final Semaphore permits;
    private final Scheduler scheduler;

    @Autowired
    WhatIfGate(WhatIfProperties properties) {
        this(properties.maxConcurrent(), Schedulers.boundedElastic());
    }

    WhatIfGate(int maxConcurrent, Scheduler scheduler) {
        this.permits = new Semaphore(maxConcurrent);
        this.scheduler = scheduler;
    }

    /**
     * Runs {@code work} on the scheduler when a permit is free.
     *
     * @return its result, or an {@link ApiProblem} 429 when every permit is taken
     */
    <T> Mono<T> run(Callable<T> work) {
        return Mono.defer(() -> {
            if (!permits.tryAcquire()) {
                return Mono.error(busy());
            }
            AtomicInteger stage = new AtomicInteger(PENDING);
            AtomicBoolean abandoned = new AtomicBoolean();
            return Mono.fromCallable(() -> {
                        if (!stage.compareAndSet(PENDING, WORKING)) {
                            // Cancelled before it started: the permit went back already.
                            return null;
                        }
                        try {
                            return work.call();
                        } catch (Exception e) {
                            if (abandoned.get()) {
                                // Its caller went away (which interrupts the read): nobody to tell.
                                log.debug("A what-if whose caller went away ended with {}", e.toString());
                                return null;
                            }
                            throw e;
                        } finally {
                            stage.set(DONE);
                            permits.release();
                        }
                    })
                    .subscribeOn(scheduler)
                    // Marked before the cancel reaches the scheduler, which interrupts the work.
                    .doOnCancel(() -> abandoned.set(true))
                    // Cancelled, or failed to be scheduled, before the work started.
                    .doFinally(signal -> {
                        if (stage.compareAndSet(PENDING, DONE)) {
                            permits.release();
                        }
                    });
        });
    }

    private static ApiProblem busy() {
        ApiProblem problem = new ApiProblem(
                HttpStatus.TOO_MANY_REQUESTS,
                null,
                "As many what-ifs as this gateway runs at once are running; try again in a few seconds.",
                List.of());
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        return problem;
    }
}
