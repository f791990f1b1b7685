package dev.helpstream.gateway.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

class LiveStreamsTest {

    @Test
    void aClientThatFallsMoreThanTheBufferBehindGetsTheChangesItHadThenAResetAndTheStreamEnds() {
        // As TicketViews.changes(): a multicast that does not wait for anyone, a bounded buffer
        // per subscriber, here of 4 changes.
        Sinks.Many<Integer> published = Sinks.many().multicast().directBestEffort();
        Flux<ServerSentEvent<JsonNode>> changes = published
                .asFlux()
                .onBackpressureBuffer(4)
                .map(change -> ServerSentEvent.<JsonNode>builder(JsonNodeFactory.instance.numberNode(change))
                        .event("ticket")
                        .build());
        Flux<ServerSentEvent<JsonNode>> stream = Flux.merge(
                        LiveStreams.resetWhenBehind(changes, "a test stream"), Flux.<ServerSentEvent<JsonNode>>never())
                .takeUntil(LiveStreams::isReset);

        List<Integer> delivered = new ArrayList<>();
        // 100 changes while the client reads none: more than the buffer and the merge's prefetch.
        StepVerifier.create(stream, 0)
                .then(() -> {
                    for (int change = 1; change <= 100; change++) {
                        published.tryEmitNext(change);
                    }
                })
                .thenRequest(Long.MAX_VALUE)
                .thenConsumeWhile(
                        event -> "ticket".equals(event.event()),
                        event -> delivered.add(event.data().asInt()))
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("reset");
                    assertThat(event.data().path("reason").asString()).isEqualTo(LiveStreams.RESET_REASON);
                })
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        assertThat(delivered)
                .as("the changes held before the overflow, in order, then none")
                .isEqualTo(IntStream.rangeClosed(1, delivered.size()).boxed().toList())
                .hasSizeLessThan(100);
    }

    @Test
    void anyOtherErrorOfTheChangesStillFailsTheStream() {
        Flux<ServerSentEvent<JsonNode>> changes = Flux.error(new IllegalStateException("the ticket views stopped"));

        StepVerifier.create(LiveStreams.resetWhenBehind(changes, "a test stream"))
                .expectErrorMessage("the ticket views stopped")
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void onlyTheResetEventEndsAStream() {
        assertThat(LiveStreams.isReset(ServerSentEvent.builder().event("reset").build()))
                .isTrue();
        assertThat(LiveStreams.isReset(ServerSentEvent.builder().event("ticket").build()))
                .isFalse();
        assertThat(LiveStreams.isReset(
                        ServerSentEvent.builder().comment("keep-alive").build()))
                .isFalse();
    }
}
