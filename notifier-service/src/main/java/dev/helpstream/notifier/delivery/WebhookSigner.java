package dev.helpstream.notifier.delivery;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature: {@code v1=} and the lower-case hex HMAC-SHA256, keyed by the webhook's
 * secret, of {@code <timestamp>.<body>} (the unix-seconds timestamp sent in {@code
 * X-Helpstream-Timestamp}, a dot, the raw body bytes). A receiver recomputes it over the bytes it
 * received and rejects old timestamps, so a captured call cannot be replayed later.
 */
final class WebhookSigner {

    static final String SCHEME = "v1=";
    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSigner() {}

    static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return SCHEME + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
        }
    }
}
