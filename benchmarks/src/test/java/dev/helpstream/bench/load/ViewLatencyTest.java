package dev.helpstream.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ViewLatencyTest {

    private static final String VIEW = "/api/v1/staff/views/open?limit=50";

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void recordsOneLatencyPerMeasuredRequestAndNoneForTheWarmUp() throws Exception {
        try (LocalGateway gateway = new LocalGateway(request -> LocalGateway.Answer.json(page(50)))) {

            Histogram micros = ViewLatency.measure(client, gateway.base(), "tok", VIEW, 20, 5);

            assertThat(micros.getTotalCount()).isEqualTo(20);
            assertThat(micros.getMinValue()).isPositive();
            assertThat(gateway.received()).hasSize(25).allSatisfy(request -> {
                assertThat(request.method()).isEqualTo("GET");
                assertThat(request.pathAndQuery()).isEqualTo(VIEW);
                assertThat(request.authorization()).isEqualTo("Bearer tok");
            });
        }
    }

    @Test
    void aShortPageFailsTheMeasurement() throws Exception {
        try (LocalGateway gateway =
                new LocalGateway(request -> LocalGateway.Answer.json(request < 3 ? page(50) : page(49)))) {

            assertThatThrownBy(() -> ViewLatency.measure(client, gateway.base(), "tok", VIEW, 10, 2))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("GET " + gateway.base() + VIEW
                            + " answered 200 with 49 items instead of a full page of 50: ");
            assertThat(gateway.received()).hasSize(4);
        }
    }

    @Test
    void anErrorFailsTheMeasurementWithItsStatusAndBody() throws Exception {
        try (LocalGateway gateway = new LocalGateway(request ->
                new LocalGateway.Answer(503, "application/problem+json", "{\"detail\":\"views loading\"}"))) {

            assertThatThrownBy(() -> ViewLatency.measure(client, gateway.base(), "tok", VIEW, 10, 0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("GET " + gateway.base() + VIEW
                            + " answered 503 with an error: {\"detail\":\"views loading\"}");
        }
    }

    @Test
    void expectsAPageOfTheLimitThePathAsksForOrTheGatewaysFifty() {
        assertThat(ViewLatency.pageSize("/api/v1/staff/views/open?limit=50")).isEqualTo(50);
        assertThat(ViewLatency.pageSize("/api/v1/staff/views/all?sort=number&limit=20"))
                .isEqualTo(20);
        assertThat(ViewLatency.pageSize("/api/v1/staff/views/open?sort=priority"))
                .isEqualTo(50);
        assertThat(ViewLatency.pageSize("/api/v1/staff/views/open")).isEqualTo(50);
    }

    private static String page(int rows) {
        return IntStream.range(0, rows)
                .mapToObj(i -> "{\"number\":" + (100_000_000 + i) + "}")
                .collect(Collectors.joining(",", "{\"items\":[", "],\"nextCursor\":\"c\",\"total\":1000000}"));
    }
}
