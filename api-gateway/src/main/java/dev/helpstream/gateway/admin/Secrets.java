package dev.helpstream.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The admin API's secrets: agents' password hashes and new API keys. Only hashes are stored:
 * BCrypt for passwords (the format of the demo agents' hashes), lower-case hex SHA-256 for API
 * keys (how the ingest service and the gateway look a presented key up).
 */
@Component
class Secrets {

    /** What every generated API key starts with, so it is recognisable in logs and scanners. */
    static final String API_KEY_PREFIX = "hs_";

    /** Shown in listings to tell keys apart: the prefix and the first five random characters. */
    static final int SHOWN_PREFIX_LENGTH = 8;

    /** 24 random bytes are 32 url-safe base64 characters: 192 bits. */
    private static final int KEY_BYTES = 24;

    private final BCryptPasswordEncoder passwords = new BCryptPasswordEncoder();
    private final SecureRandom random = new SecureRandom();

    /** The BCrypt hash of {@code password}; hashing is slow on purpose, so it runs off the event loop. */
    Mono<String> hashPassword(String password) {
        return Mono.fromCallable(() -> passwords.encode(password)).subscribeOn(Schedulers.boundedElastic());
    }

    /** A new random API key with what is stored of it. */
    NewApiKey newApiKey() {
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        String key = API_KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new NewApiKey(key, sha256Hex(key), key.substring(0, SHOWN_PREFIX_LENGTH));
    }

    /** The lower-case hex SHA-256 of the key's UTF-8 bytes, as {@code ApiKey.keyHash} holds it. */
    static String sha256Hex(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * @param key the key, shown to the admin once and never stored
     * @param hash its SHA-256, stored
     * @param shownPrefix its first characters, stored and listed
     */
    record NewApiKey(String key, String hash, String shownPrefix) {}
}
