package dev.helpstream.gateway.security;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an RFC 9457 {@code application/problem+json} answer straight to the response: for the
 * security filters, which answer before any controller (and so any controller advice) runs.
 * Members: {@code type} ({@code about:blank}: the status says it all), {@code title} (the reason
 * phrase), {@code status}, {@code detail} and {@code instance} (the request path).
 */
public final class SecurityProblems {

    /** The challenge sent with every 401. */
    public static final String BEARER_CHALLENGE = "Bearer";

    private SecurityProblems() {}

    /** The problem document of a status and detail for this request. */
    public static Map<String, Object> body(HttpStatus status, String detail, String instance) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        if (instance != null) {
            problem.put("instance", instance);
        }
        return problem;
    }

    /** Answers the exchange with this status and detail as problem+json; nothing else is written. */
    public static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE);
        }
        byte[] json = JsonMapper.shared()
                .writeValueAsString(
                        body(status, detail, exchange.getRequest().getPath().value()))
                .getBytes(StandardCharsets.UTF_8);
        DataBuffer buffer = response.bufferFactory().wrap(json);
        return response.writeWith(Mono.just(buffer));
    }
}
