package dev.helpstream.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link TicketLoader#awaitIndexed} against a real local HTTP server answering like the views. */
class TicketLoaderAwaitTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void pollsTheAllViewUntilItsTotalReachesTheExpectedCount() throws Exception {
        try (LocalGateway gateway = new LocalGateway(request ->
                LocalGateway.Answer.json("{\"items\":[],\"nextCursor\":null,\"total\":" + (request + 1) * 100 + "}"))) {

            TicketLoader.awaitIndexed(client, gateway.base(), "tok", 300, Duration.ofSeconds(10));

            assertThat(gateway.received()).hasSize(3).allSatisfy(request -> {
                assertThat(request.pathAndQuery()).isEqualTo("/api/v1/staff/views/all?limit=1");
                assertThat(request.authorization()).isEqualTo("Bearer tok");
            });
        }
    }

    @Test
    void givesUpAtTheDeadlineSayingHowManyTicketsTheViewsCount() throws Exception {
        try (LocalGateway gateway = new LocalGateway(
                request -> LocalGateway.Answer.json("{\"items\":[],\"nextCursor\":null,\"total\":5}"))) {

            assertThatThrownBy(
                            () -> TicketLoader.awaitIndexed(client, gateway.base(), "tok", 10, Duration.ofMillis(600)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the gateway's views count 5 tickets, not the 10 expected, after PT0.6S");
        }
    }

    @Test
    void aRefusalEndsTheWaitAtOnce() throws Exception {
        try (LocalGateway gateway = new LocalGateway(
                request -> new LocalGateway.Answer(401, "application/problem+json", "{\"status\":401}"))) {

            assertThatThrownBy(
                            () -> TicketLoader.awaitIndexed(client, gateway.base(), "old", 10, Duration.ofSeconds(10)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("GET " + gateway.base() + "/api/v1/staff/views/all?limit=1 answered 401 with an error:"
                            + " {\"status\":401}");
            assertThat(gateway.received()).hasSize(1);
        }
    }
}
