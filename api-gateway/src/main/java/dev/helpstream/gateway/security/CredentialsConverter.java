package dev.helpstream.gateway.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads the credentials of a request from its headers:
 *
 * <ul>
 *   <li>{@code Authorization: Bearer <jwt>}: a gateway or OpenID Connect token;
 *   <li>{@code Authorization: ApiKey <key>} or {@code X-Api-Key: <key>}: an API key;
 *   <li>{@code Authorization: Bearer <key>} where the value is not a JWT: an API key, as the ingest
 *       service accepts it, so an integrator uses one header for both services;
 *   <li>{@code ?access_token=<jwt>} on a GET asking for {@code text/event-stream}: browsers'
 *       EventSource cannot send headers (the token then reaches access logs: keep them private).
 * </ul>
 *
 * <p>No credentials: empty, and the request goes on anonymously. Several, an unknown scheme or an
 * empty value: a {@link BadCredentialsException}, answered 401 by the failure handler.
 */
final class CredentialsConverter implements ServerAuthenticationConverter {

    static final String API_KEY_HEADER = "X-Api-Key";
    static final String ACCESS_TOKEN_PARAMETER = "access_token";

    private static final String BEARER = "bearer ";
    private static final String API_KEY = "apikey ";

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        return Mono.fromCallable(() -> presented(exchange.getRequest()));
    }

    private static PresentedCredentials presented(ServerHttpRequest request) {
        List<PresentedCredentials> found = new ArrayList<>();
        for (String authorization : request.getHeaders().getOrEmpty(HttpHeaders.AUTHORIZATION)) {
            found.add(fromAuthorization(authorization.strip()));
        }
        for (String key : request.getHeaders().getOrEmpty(API_KEY_HEADER)) {
            found.add(new PresentedCredentials(PresentedCredentials.Type.API_KEY, nonEmpty(key.strip())));
        }
        String queryToken = request.getQueryParams().getFirst(ACCESS_TOKEN_PARAMETER);
        if (queryToken != null && isEventStreamRequest(request)) {
            found.add(new PresentedCredentials(PresentedCredentials.Type.BEARER_TOKEN, nonEmpty(queryToken.strip())));
        }
        if (found.size() > 1) {
            throw new BadCredentialsException("Send one credential: a bearer token or an API key, once.");
        }
        return found.isEmpty() ? null : found.get(0);
    }

    private static PresentedCredentials fromAuthorization(String authorization) {
        String lower = authorization.toLowerCase(Locale.ROOT);
        if (lower.startsWith(BEARER)) {
            String value = nonEmpty(authorization.substring(BEARER.length()).strip());
            return new PresentedCredentials(
                    looksLikeJwt(value) ? PresentedCredentials.Type.BEARER_TOKEN : PresentedCredentials.Type.API_KEY,
                    value);
        }
        if (lower.startsWith(API_KEY)) {
            return new PresentedCredentials(
                    PresentedCredentials.Type.API_KEY,
                    nonEmpty(authorization.substring(API_KEY.length()).strip()));
        }
        throw new BadCredentialsException("Unsupported authorization scheme: use Bearer <token> or ApiKey <key>.");
    }

    private static boolean looksLikeJwt(String value) {
        return value.chars().filter(c -> c == '.').count() == 2;
    }

    private static boolean isEventStreamRequest(ServerHttpRequest request) {
        return request.getMethod() == HttpMethod.GET
                && request.getHeaders().getAccept().stream()
                        .anyMatch(type -> type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM) && !type.isWildcardType());
    }

    private static String nonEmpty(String value) {
        if (value.isEmpty()) {
            throw new BadCredentialsException("The credential is empty.");
        }
        return value;
    }
}
