package dev.helpstream.bench.tickets;

import dev.helpstream.bench.verify.Ledger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An agent's live view: the gateway's staff stream ({@code GET /api/v1/staff/stream?view=all},
 * Server-Sent Events), held open for the whole run. The first event naming a ticket is the moment
 * the ticket became visible to staff; the gateway publishes a change only once its index shows it,
 * so a view read at that moment lists the ticket.
 */
public final class ViewWatcher implements AutoCloseable {

    private static final String TICKET_ID = "\"ticketId\":\"";

    private final CountDownLatch ready = new CountDownLatch(1);
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile String failure;

    public ViewWatcher(HttpClient client, URI gateway, String staffToken, Ledger ledger) {
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/api/v1/staff/stream?view=all"))
                .header("Authorization", "Bearer " + staffToken)
                .header("Accept", "text/event-stream")
                .build();
        response = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(answer -> {
            if (answer.statusCode() != 200) {
                failure = "the staff stream answered " + answer.statusCode();
                ready.countDown();
                return;
            }
            try (Stream<String> lines = answer.body()) {
                lines.forEach(line -> {
                    if (line.startsWith("event:") && line.substring(6).trim().equals("ready")) {
                        ready.countDown();
                    } else if (line.startsWith("data:")) {
                        int start = line.indexOf(TICKET_ID);
                        if (start >= 0) {
                            start += TICKET_ID.length();
                            ledger.visible(line.substring(start, line.indexOf('"', start)), System.nanoTime());
                        }
                    }
                });
            } catch (RuntimeException closed) {
                // the stream ends when the benchmark closes it
            }
        });
    }

    /** Waits for the stream's {@code ready} event: every change after it is delivered. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the staff stream did not say ready within " + timeout);
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    @Override
    public void close() {
        response.thenAccept(answer -> answer.body().close());
        response.cancel(true);
    }
}
