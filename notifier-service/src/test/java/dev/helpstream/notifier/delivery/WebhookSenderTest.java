package dev.helpstream.notifier.delivery;

import static dev.helpstream.notifier.delivery.DeliveryTestSupport.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook call against a real local HTTP server whose endpoints misbehave: one deadline (connect
 * plus request timeout, here 1.5 s) bounds every exchange, whatever the body does.
 */
class WebhookSenderTest {

    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration DEADLINE = CONNECT_TIMEOUT.plus(REQUEST_TIMEOUT);
    /** The deadline and what a loaded build machine may add to it. */
    private static final Duration WITHIN_DEADLINE = DEADLINE.plusSeconds(2);

    private final CountDownLatch release = new CountDownLatch(1);
    private ExecutorService handlers;
    private HttpServer server;
    private WebhookSender sender;

    @BeforeEach
    void start() throws IOException {
        handlers = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok-then-hang", exchange -> answerThenHang(exchange, 200, "accepted"));
        server.createContext("/error-then-hang", exchange -> answerThenHang(exchange, 500, "overloaded, try later"));
        server.createContext("/no-answer", exchange -> hang());
        server.createContext("/long-error", exchange -> {
            byte[] page = "x".repeat(10 * 1024 * 1024).getBytes(StandardCharsets.US_ASCII);
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(502, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            } catch (IOException closedByTheClient) {
                // The sender stops reading after its excerpt.
            }
        });
        server.setExecutor(handlers);
        server.start();
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        sender = new WebhookSender(
                client,
                new WebhookUrlPolicy(true),
                ref -> Optional.of("whsec-test"),
                REQUEST_TIMEOUT,
                Clock.systemUTC());
    }

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        server.stop(0);
        handlers.shutdownNow();
        handlers.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldDeliverOnceA2xxStatusArrivesWithoutWaitingForABodyThatNeverEnds() {
        long started = System.nanoTime();

        int status = sender.send(webhook(url("/ok-then-hang"), "main").build());

        assertThat(status).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(DEADLINE);
    }

    @Test
    void shouldReportAnErrorStatusWithTheExcerptReadBeforeTheDeadlineWhenItsBodyNeverEnds() {
        long started = System.nanoTime();

        assertThatThrownBy(() ->
                        sender.send(webhook(url("/error-then-hang"), "main").build()))
                .isInstanceOfSatisfying(DeliveryFailure.class, failure -> {
                    assertThat(failure.permanent()).isFalse();
                    assertThat(failure.httpStatus()).contains(500);
                })
                .hasMessage("POST " + redactedUrl() + " answered 500: overloaded, try later");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WITHIN_DEADLINE);
    }

    @Test
    void shouldGiveUpOnAnEndpointThatNeverAnswersAtTheDeadline() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> sender.send(webhook(url("/no-answer"), "main").build()))
                .isInstanceOfSatisfying(DeliveryFailure.class, failure -> {
                    assertThat(failure.permanent()).isFalse();
                    assertThat(failure.httpStatus()).isEmpty();
                })
                .hasMessageStartingWith("POST " + redactedUrl() + " ")
                .hasMessageNotContaining("/no-answer");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WITHIN_DEADLINE);
    }

    @Test
    void shouldReadOnlyTheStartOfALongErrorPage() {
        assertThatThrownBy(() -> sender.send(webhook(url("/long-error"), "main").build()))
                .isInstanceOfSatisfying(
                        DeliveryFailure.class,
                        failure -> assertThat(failure.httpStatus()).contains(502))
                .hasMessage("POST " + redactedUrl() + " answered 502: " + "x".repeat(200));
    }

    @Test
    void shouldNeverShowTheUrlsPathInAFailure() {
        assertThatThrownBy(() -> sender.send(webhook("http://127.0.0.1:1/services/T000/B000/SECRET", "main")
                        .build()))
                .isInstanceOf(DeliveryFailure.class)
                .hasMessageStartingWith("POST http://127.0.0.1:1/… failed: ")
                .hasMessageNotContaining("SECRET")
                .hasMessageNotContaining("services");
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private String redactedUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/…";
    }

    /** Sends the status line, the headers and the start of a body that is never finished. */
    private void answerThenHang(HttpExchange exchange, int status, String start) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(status, 0);
        OutputStream body = exchange.getResponseBody();
        body.write(start.getBytes(StandardCharsets.UTF_8));
        body.flush();
        hang();
    }

    private void hang() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
