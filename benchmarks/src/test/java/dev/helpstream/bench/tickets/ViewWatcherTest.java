package dev.helpstream.bench.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.helpstream.bench.verify.Ledger;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The watcher against a real HTTP server playing the gateway's staff stream and ticket reads. */
class ViewWatcherTest {

    private static final String TOKEN = "staff-token";

    private final Ledger ledger = new Ledger();
    private final AtomicInteger streamsOpened = new AtomicInteger();
    private final CountDownLatch testDone = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private HttpServer server;

    @BeforeEach
    void startGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/api/v1/staff/stream", this::stream);
        server.createContext("/api/v1/staff/tickets/", exchange -> {
            try (exchange) {
                boolean known = exchange.getRequestURI().getPath().endsWith("/t-3")
                        && ("Bearer " + TOKEN)
                                .equals(exchange.getRequestHeaders().getFirst("Authorization"));
                exchange.sendResponseHeaders(known ? 200 : 404, -1);
            }
        });
        server.start();
        for (int i = 1; i <= 4; i++) {
            String customer = "c" + i + "@customers.example.com";
            Ledger.Submission submission = ledger.submitted("open", customer, i);
            ledger.accepted(submission, "t-" + i, 10 + i);
            ledger.opened("t-" + i, customer, 20 + i);
            ledger.slaTargetsSet("t-" + i, 30 + i);
            ledger.acknowledged(customer, 40 + i);
        }
    }

    @AfterEach
    void stopGateway() {
        testDone.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    @Test
    void opensTheStreamAgainAfterAResetAndConfirmsByReadsOnlyTheTicketsTheGatewayShows() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        URI gateway = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (ViewWatcher watcher = new ViewWatcher(client, gateway, TOKEN, ledger)) {
            watcher.awaitReady(Duration.ofSeconds(10));

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(ledger.unseen("open")).containsExactlyInAnyOrder("t-3", "t-4"));
            assertThat(watcher.reopenings()).isEqualTo(1);
            assertThat(streamsOpened).hasValue(2);

            assertThat(watcher.confirmVisible(List.of("t-3", "t-4"))).isEqualTo(1);
            assertThat(ledger.unseen("open")).containsExactly("t-4");
            assertThat(ledger.confirmedVisibleCount()).isEqualTo(1);
            assertThat(ledger.complete("open", true)).isEqualTo(3);
            assertThat(watcher.failure()).isNull();
        }
    }

    /** First stream: ready, t-1, then the gateway's reset; the next: ready, t-2, held open. */
    private void stream(HttpExchange exchange) throws IOException {
        try (exchange) {
            int number = streamsOpened.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            send(body, "ready", "{}");
            send(
                    body,
                    "ticket",
                    "{\"ticket\":{\"ticketId\":\"t-" + number + "\",\"number\":" + number + "},\"inView\":true}");
            if (number == 1) {
                send(body, "reset", "{\"reason\":\"behind\"}");
                return;
            }
            testDone.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(OutputStream body, String event, String data) throws IOException {
        body.write(("event:" + event + "\ndata:" + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        body.flush();
    }
}
