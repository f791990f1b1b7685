package dev.helpstream.bench.tickets;

import dev.helpstream.bench.verify.Ledger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's live view: the gateway's staff stream ({@code GET /api/v1/staff/stream?view=all},
 * Server-Sent Events), held open for the whole run on a thread of its own. The first event naming a
 * ticket is the moment the ticket became visible to staff; the gateway publishes a change only once
 * its index shows it, so a view read at that moment lists the ticket.
 *
 * <p>A client that falls too far behind gets a last {@code reset} event and the gateway ends the
 * stream; so may a dropped connection. The watcher then opens the stream again at once, as an
 * agent's browser does, and counts the re-opening. Changes published meanwhile were not seen, so a
 * ticket that first showed then has no time of its own: {@link #confirmVisible} reads such tickets
 * from the gateway ({@code GET /api/v1/staff/tickets/{id}}) and records them in the ledger as
 * confirmed but untimed. Invariant: a time recorded as visible is always one the stream showed.
 */
public final class ViewWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ViewWatcher.class);

    private static final String TICKET_ID = "\"ticketId\":\"";

    /** Reads of {@link #confirmVisible} in flight at once. */
    private static final int CONFIRMING = 16;

    /** Re-openings that fail one after the other before the watcher gives up. */
    private static final int FAILED_OPENINGS = 20;

    private final HttpClient client;
    private final URI gateway;
    private final String staffToken;
    private final Ledger ledger;
    private final CountDownLatch firstReady = new CountDownLatch(1);
    private final AtomicInteger reopenings = new AtomicInteger();
    private final Thread reader;
    private volatile boolean closed;
    private volatile boolean resetSeen;
    private volatile Stream<String> current;
    private volatile String failure;

    public ViewWatcher(HttpClient client, URI gateway, String staffToken, Ledger ledger) {
        this.client = client;
        this.gateway = gateway;
        this.staffToken = staffToken;
        this.ledger = ledger;
        this.reader = new Thread(this::follow, "bench-staff-stream");
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits for the stream's first {@code ready} event: every change after it is delivered. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        if (!firstReady.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the staff stream did not say ready within " + timeout);
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /** How many times the stream ended under the watcher and was opened again. */
    public int reopenings() {
        return reopenings.get();
    }

    /** Why the watcher stopped following the stream for good, or null while it follows it. */
    public String failure() {
        return failure;
    }

    /**
     * Reads each ticket from the gateway; one it answers 200 for is recorded as visible but untimed
     * ({@link Ledger#confirmedVisible}). For tickets the stream may have shown while it was being
     * opened again; one not visible yet will show on the stream.
     *
     * @return how many of the tickets the gateway showed
     */
    public int confirmVisible(Collection<String> ticketIds) throws InterruptedException {
        Semaphore inFlight = new Semaphore(CONFIRMING);
        AtomicInteger confirmed = new AtomicInteger();
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        for (String ticketId : ticketIds) {
            inFlight.acquire();
            HttpRequest request = HttpRequest.newBuilder(gateway.resolve(
                            "/api/v1/staff/tickets/" + URLEncoder.encode(ticketId, StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + staffToken)
                    .timeout(Duration.ofSeconds(30))
                    .build();
            reads.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .handle((answer, error) -> {
                        inFlight.release();
                        if (answer != null && answer.statusCode() == 200) {
                            ledger.confirmedVisible(ticketId);
                            confirmed.incrementAndGet();
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).join();
        return confirmed.get();
    }

    private void follow() {
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/api/v1/staff/stream?view=all"))
                .header("Authorization", "Bearer " + staffToken)
                .header("Accept", "text/event-stream")
                .build();
        int failedOpenings = 0;
        while (!closed) {
            resetSeen = false;
            String ended;
            try {
                HttpResponse<Stream<String>> answer = client.send(request, HttpResponse.BodyHandlers.ofLines());
                if (answer.statusCode() != 200) {
                    answer.body().close();
                    stop("the staff stream answered " + answer.statusCode());
                    return;
                }
                failedOpenings = 0;
                try (Stream<String> lines = answer.body()) {
                    current = lines;
                    lines.forEach(this::line);
                }
                ended = resetSeen ? "the gateway ended it with 'reset': this client fell behind" : "it ended";
            } catch (IOException | UncheckedIOException e) {
                ended = "its connection failed: " + e.getMessage();
                if (!closed && ++failedOpenings >= FAILED_OPENINGS) {
                    stop("the staff stream could not be opened " + FAILED_OPENINGS + " times in a row: " + ended);
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!closed) {
                reopenings.incrementAndGet();
                log.warn("The staff stream stopped ({}); opening it again", ended);
                if (failedOpenings > 0 && !backOff(failedOpenings)) {
                    return;
                }
            }
        }
    }

    /** A pause before the next attempt after a failed one (about 20 s over all of them). */
    private static boolean backOff(int failedOpenings) {
        try {
            Thread.sleep(100L * failedOpenings);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void line(String line) {
        if (line.startsWith("event:")) {
            String event = line.substring(6).trim();
            if (event.equals("ready")) {
                firstReady.countDown();
            } else if (event.equals("reset")) {
                resetSeen = true;
            }
        } else if (line.startsWith("data:")) {
            int start = line.indexOf(TICKET_ID);
            if (start >= 0) {
                start += TICKET_ID.length();
                ledger.visible(line.substring(start, line.indexOf('"', start)), System.nanoTime());
            }
        }
    }

    private void stop(String reason) {
        failure = reason;
        firstReady.countDown();
    }

    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        Stream<String> lines = current;
        if (lines != null) {
            lines.close();
        }
    }
}
