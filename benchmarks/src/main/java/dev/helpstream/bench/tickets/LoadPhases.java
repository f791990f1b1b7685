package dev.helpstream.bench.tickets;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The two ways the benchmark drives the ticket API.
 *
 * <ul>
 *   <li><b>Closed loop</b>: at most {@code concurrency} requests in flight, the next one sent as soon
 *       as one is answered: the highest rate the API takes.
 *   <li><b>Open loop</b>: request {@code i} is due at {@code start + i / rate}, whatever happened to
 *       the ones before. Its latency counts from when it was due, not from when it went out, so a
 *       stall of the server (or of this client) shows in the figures instead of silently delaying
 *       the requests behind it (no coordinated omission).
 * </ul>
 */
public final class LoadPhases {

    private LoadPhases() {}

    /** Sends {@code tickets} tickets with {@code concurrency} in flight; returns once all are answered. */
    public static void closedLoop(TicketApi api, String phase, int tickets, int concurrency)
            throws InterruptedException {
        Semaphore inFlight = new Semaphore(concurrency);
        for (int i = 0; i < tickets; i++) {
            inFlight.acquire();
            api.open(phase, i, System.nanoTime()).whenComplete((submission, error) -> inFlight.release());
        }
        inFlight.acquire(concurrency);
        inFlight.release(concurrency);
    }

    /**
     * Requests in flight at most in the open loop: past it, a request waits for a connection of
     * the client, and that wait counts in its latency (from its due time) like any other.
     */
    static final int OPEN_LOOP_IN_FLIGHT = 1024;

    /**
     * Sends {@code rate} tickets a second for {@code seconds} seconds, each at its due time; returns
     * once all are answered (or {@code answerTimeoutSeconds} after the last was sent).
     */
    public static void openLoop(TicketApi api, String phase, int rate, int seconds, long answerTimeoutSeconds)
            throws Exception {
        int tickets = rate * seconds;
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        Semaphore inFlight = new Semaphore(OPEN_LOOP_IN_FLIGHT);
        long start = System.nanoTime();
        CompletableFuture<?>[] answers = new CompletableFuture<?>[tickets];
        for (int i = 0; i < tickets; i++) {
            long due = start + i * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            inFlight.acquire();
            answers[i] = api.open(phase, i, due).whenComplete((submission, error) -> inFlight.release());
        }
        CompletableFuture.allOf(answers).get(answerTimeoutSeconds, TimeUnit.SECONDS);
    }
}
