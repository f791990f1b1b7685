package dev.helpstream.launcher;

import java.time.Duration;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** The gateway calls the journeys make: a demo agent's login, and JSON reads and writes that must succeed. */
final class GatewayCalls {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private GatewayCalls() {}

    /** A demo agent's access token (every demo agent's password is "demo"). */
    static String login(String base, String username) {
        return call(base, null)
                .post()
                .uri("/api/v1/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "password", "demo"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("accessToken")
                .asString();
    }

    static JsonNode get(String base, String token, String path) {
        return call(base, token)
                .get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    static JsonNode post(String base, String token, String path, Object body) {
        return call(base, token)
                .post()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .is2xxSuccessful()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    /** A client of the gateway at {@code base}, with the bearer token when one is given. */
    static WebTestClient call(String base, String token) {
        return WebTestClient.bindToServer()
                .baseUrl(base)
                .responseTimeout(TIMEOUT)
                .defaultHeaders(headers -> {
                    if (token != null) {
                        headers.setBearerAuth(token);
                    }
                })
                .build();
    }
}
