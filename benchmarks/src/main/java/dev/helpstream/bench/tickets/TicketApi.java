package dev.helpstream.bench.tickets;

import dev.helpstream.bench.verify.Ledger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Opens tickets through ingest-service's {@code POST /api/v1/tickets} with an integrator key, as an
 * integrator would: one JSON ticket per request, an {@code Idempotency-Key} per ticket, a distinct
 * customer per ticket (so that every acknowledgement mail names its ticket and the sender cap never
 * applies). A ticket counts as accepted on the 202 and its {@code ticketId}.
 */
public final class TicketApi {

    private static final String BODY = "Since this morning our site answers 502 on every page after the"
            + " login form. We changed nothing on our side; the database is reachable and the disk is"
            + " not full. Could you look at the web tier? The error comes back within a second, so"
            + " it does not look like a timeout. Our monitoring shows the first failure at 08:58 and"
            + " every check since then failed. Thanks for your help.";

    /** Attempts per ticket: the first and up to four retries. */
    private static final int ATTEMPTS = 5;

    private final HttpClient client;
    private final URI tickets;
    private final String apiKey;
    private final Ledger ledger;
    private final String runId;

    public TicketApi(HttpClient client, URI ingest, String apiKey, Ledger ledger, String runId) {
        this.client = client;
        this.tickets = ingest.resolve("/api/v1/tickets");
        this.apiKey = apiKey;
        this.ledger = ledger;
        this.runId = runId;
    }

    /** The customer address of ticket {@code index} of a phase. */
    public String customer(String phase, int index) {
        return phase + "-" + index + "." + runId + "@customers.example.com";
    }

    /**
     * Sends ticket {@code index} of {@code phase}; the returned future completes (never
     * exceptionally) once the answer is recorded in the ledger.
     */
    public CompletableFuture<Ledger.Submission> open(String phase, int index, long intendedNanos) {
        String customer = customer(phase, index);
        Ledger.Submission submission = ledger.submitted(phase, customer, intendedNanos);
        String json = "{\"email\":\"" + customer + "\",\"name\":\"Customer " + index + "\",\"subject\":\"Web tier"
                + " answers 502 (" + phase + " " + index + ")\",\"body\":\"" + BODY + "\"}";
        HttpRequest request = HttpRequest.newBuilder(tickets)
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + apiKey)
                .header("Idempotency-Key", runId + "-" + phase + "-" + index)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        return send(request, submission, 1);
    }

    /**
     * Sends the request; a time-out, a connection error or a 503 is retried with the same {@code
     * Idempotency-Key}, as an integrator would: the API names the same ticket and never opens a
     * second one, so a retry is safe and the verification still sees each ticket exactly once.
     */
    private CompletableFuture<Ledger.Submission> send(HttpRequest request, Ledger.Submission submission, int attempt) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> {
                    boolean retry = (error != null || response.statusCode() == 503) && attempt < ATTEMPTS;
                    if (retry) {
                        ledger.retried();
                        return send(request, submission, attempt + 1);
                    }
                    long now = System.nanoTime();
                    if (error != null) {
                        ledger.failed(submission, error.toString());
                    } else if (response.statusCode() != 202) {
                        ledger.failed(
                                submission,
                                response.statusCode() + " "
                                        + response.body()
                                                .substring(
                                                        0,
                                                        Math.min(
                                                                200,
                                                                response.body().length())));
                    } else {
                        ledger.accepted(submission, ticketId(response.body()), now);
                    }
                    return CompletableFuture.completedFuture(submission);
                })
                .thenCompose(next -> next);
    }

    /** The {@code ticketId} of a 202's body, read without a JSON tree (this runs per request). */
    static String ticketId(String body) {
        String field = "\"ticketId\":\"";
        int start = body.indexOf(field);
        if (start < 0) {
            throw new IllegalStateException("no ticketId in " + body);
        }
        start += field.length();
        return body.substring(start, body.indexOf('"', start));
    }
}
