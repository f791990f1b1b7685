package dev.helpstream.ingest;

import dev.helpstream.schema.config.ApiKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Tells who is calling from the request headers.
 *
 * <p>An integrator sends its key as {@code Authorization: Bearer <key>} or {@code X-Api-Key:
 * <key>}. Keys are {@code ApiKey} entities on {@code helpdesk.config.v1}, which hold only the
 * SHA-256 (lower-case hex) of the secret: the presented key is hashed and looked up. A key must be
 * enabled, unexpired and carry the scope {@value #CREATE_SCOPE}. A request without any key is a
 * public form post.
 */
@Component
class ApiKeyAuthenticator {

    /** The scope that allows opening tickets through the API. */
    static final String CREATE_SCOPE = "tickets:create";

    static final String API_KEY_HEADER = "X-Api-Key";

    private static final String BEARER = "bearer ";

    private final ConfigView config;
    private final Clock clock;

    ApiKeyAuthenticator(ConfigView config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * The caller of a request with these headers.
     *
     * @throws RequestRefusedException 401 for a malformed, unknown, disabled or expired key, 403 for
     *     a key without {@value #CREATE_SCOPE}
     */
    Caller authenticate(HttpHeaders headers) {
        String presented = presentedKey(headers);
        if (presented == null) {
            return new Caller.Public();
        }
        ConfigSnapshot.ApiKeyEntry entry = config.snapshot().apiKeysByHash().get(sha256Hex(presented));
        if (entry == null) {
            throw RequestRefusedException.unauthorized("The API key is not known.");
        }
        ApiKey key = entry.key();
        if (!key.getEnabled()) {
            throw RequestRefusedException.unauthorized("The API key is disabled.");
        }
        if (key.getExpiresAt() != null && !clock.instant().isBefore(key.getExpiresAt())) {
            throw RequestRefusedException.unauthorized("The API key expired at " + key.getExpiresAt() + ".");
        }
        if (!key.getScopes().contains(CREATE_SCOPE)) {
            throw RequestRefusedException.forbidden("The API key lacks the scope " + CREATE_SCOPE + ".");
        }
        return new Caller.Integrator(entry.id(), key.getName());
    }

    /** The lower-case hex SHA-256 of a key, as stored in {@code ApiKey.keyHash}. */
    static String sha256Hex(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String presentedKey(HttpHeaders headers) {
        List<String> authorization = headers.getOrEmpty(HttpHeaders.AUTHORIZATION);
        List<String> apiKey = headers.getOrEmpty(API_KEY_HEADER);
        if (authorization.size() + apiKey.size() > 1) {
            throw RequestRefusedException.unauthorized(
                    "Send the API key once, in Authorization: Bearer or in " + API_KEY_HEADER + ".");
        }
        if (!authorization.isEmpty()) {
            String value = authorization.get(0).strip();
            if (!value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw RequestRefusedException.unauthorized("Only Bearer authorization (an API key) is accepted.");
            }
            return nonBlank(value.substring(BEARER.length()).strip());
        }
        return apiKey.isEmpty() ? null : nonBlank(apiKey.get(0).strip());
    }

    private static String nonBlank(String key) {
        if (key.isEmpty()) {
            throw RequestRefusedException.unauthorized("The API key is empty.");
        }
        return key;
    }
}
