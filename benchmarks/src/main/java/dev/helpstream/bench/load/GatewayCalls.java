package dev.helpstream.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The few things every gateway call of this package shares: a staff GET, reading a JSON body, and
 * an error that says what the gateway answered. Blocking calls: the benchmark's clients are plain
 * threads.
 */
final class GatewayCalls {

    /** Long enough for a view query on a loaded machine, short enough that a hang fails the run. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final int EXCERPT_CHARS = 300;

    private GatewayCalls() {}

    static HttpRequest staffGet(URI gatewayBase, String path, String staffToken) {
        return HttpRequest.newBuilder(gatewayBase.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + staffToken)
                .header("Accept", "application/json")
                .GET()
                .build();
    }

    static HttpResponse<byte[]> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + request.method() + " " + request.uri(), e);
        }
    }

    /** The body as JSON; an answer that is not JSON is an error that quotes it. */
    static JsonNode json(HttpRequest request, HttpResponse<byte[]> response) {
        try {
            return JsonMapper.shared().readTree(response.body());
        } catch (JacksonException e) {
            throw unexpected(request, response, "a body that is not JSON");
        }
    }

    static IllegalStateException unexpected(HttpRequest request, HttpResponse<byte[]> response, String what) {
        return new IllegalStateException(request.method() + " " + request.uri() + " answered " + response.statusCode()
                + " with " + what + ": " + excerpt(response.body()));
    }

    static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS) + "...";
    }
}
