package dev.helpstream.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.HttpHandlerConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.WebHandler;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;

class ProblemWebExceptionHandlerTest {

    @Test
    void shouldAnswerAPathNoHandlerServesWithA404Problem() {
        http(exchange -> Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "No handler for it.")))
                .get()
                .uri("/nothing/here")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .json("""
                        {"type":"about:blank","title":"Not Found","status":404,"detail":"No handler for it.",
                         "instance":"/nothing/here"}""", JsonCompareMode.STRICT);
    }

    @Test
    void shouldKeepTheHeadersOfTheStatusLikeAllow() {
        http(exchange -> Mono.error(new MethodNotAllowedException(HttpMethod.POST, Set.of(HttpMethod.GET))))
                .post()
                .uri("/api/v1/thing")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
                .expectHeader()
                .valueEquals(HttpHeaders.ALLOW, "GET")
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(405)
                .jsonPath("$.instance")
                .isEqualTo("/api/v1/thing");
    }

    @Test
    void shouldAnswerAnUnexpectedFailureWith500WithoutItsMessage() {
        String body = http(exchange -> Mono.error(new IllegalStateException("token=s3cr3t")))
                .get()
                .uri("/broken")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(body)
                .isEqualTo("{\"detail\":\"The gateway failed to answer this request; the error is logged.\","
                        + "\"instance\":\"/broken\",\"status\":500,\"title\":\"Internal Server Error\","
                        + "\"type\":\"about:blank\"}");
    }

    @Test
    void shouldLeaveSpringSecuritysExceptionsToOthers() {
        http(exchange -> Mono.error(new AccessDeniedException("no")))
                .get()
                .uri("/secret")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR)
                .expectBody()
                .isEmpty();
    }

    private static WebTestClient http(WebHandler handler) {
        return WebTestClient.bindToServer(new HttpHandlerConnector(WebHttpHandlerBuilder.webHandler(handler)
                        .exceptionHandler(new ProblemWebExceptionHandler(ServerCodecConfigurer.create()))
                        .build()))
                .baseUrl("http://localhost")
                .build();
    }
}
