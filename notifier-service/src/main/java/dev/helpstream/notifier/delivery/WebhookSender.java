package dev.helpstream.notifier.delivery;

import dev.helpstream.schema.WebhookDelivery;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Calls a webhook: POSTs the planned body, signed, and says what the answer means.
 *
 * <p>Headers: {@code Content-Type} (the planned one), {@code User-Agent: Helpstream-Webhooks/1},
 * {@code X-Helpstream-Event-Id} (the source event id, the receiver's idempotency key), {@code
 * X-Helpstream-Event-Type}, {@code X-Helpstream-Delivery-Id}, {@code X-Helpstream-Timestamp} (unix
 * seconds of this attempt) and {@code X-Helpstream-Signature} ({@link WebhookSigner}).
 *
 * <p>2xx is delivered. 429, 408, 425 and 5xx are retried (after {@code Retry-After} when a 429 or
 * 503 carries one), as are network errors and timeouts. Any other answer (other 4xx, a redirect,
 * which is not followed) is permanent, as are a URL the {@link WebhookUrlPolicy} refuses and a
 * missing signing secret: a webhook is never called unsigned.
 */
final class WebhookSender {

    static final String USER_AGENT = "Helpstream-Webhooks/1";
    static final String EVENT_ID = "X-Helpstream-Event-Id";
    static final String EVENT_TYPE = "X-Helpstream-Event-Type";
    static final String DELIVERY_ID = "X-Helpstream-Delivery-Id";
    static final String TIMESTAMP = "X-Helpstream-Timestamp";
    static final String SIGNATURE = "X-Helpstream-Signature";

    private static final int ERROR_BODY_CHARS = 200;

    private final HttpClient client;
    private final WebhookUrlPolicy urls;
    private final Function<String, Optional<String>> secrets;
    private final Duration requestTimeout;
    private final Clock clock;

    /**
     * @param client the HTTP client (redirects not followed)
     * @param urls the URL rule
     * @param secrets the signing secret of a secret reference
     * @param requestTimeout how long an endpoint may take to answer
     * @param clock the time of the signature
     */
    WebhookSender(
            HttpClient client,
            WebhookUrlPolicy urls,
            Function<String, Optional<String>> secrets,
            Duration requestTimeout,
            Clock clock) {
        this.client = client;
        this.urls = urls;
        this.secrets = secrets;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    /**
     * Makes one call.
     *
     * @return the 2xx status of the answer
     * @throws DeliveryFailure when the call did not succeed
     */
    int send(WebhookDelivery delivery) {
        URI uri = urls.check(delivery.getUrl());
        String secret = secrets.apply(delivery.getSecretRef())
                .orElseThrow(() -> DeliveryFailure.permanentFailure(
                        delivery.getSecretRef() == null
                                ? "the webhook names no signing secret (secretRef); it is never called unsigned"
                                : "no signing secret '" + delivery.getSecretRef()
                                        + "' in helpstream.delivery.webhook-secrets; it is never called unsigned",
                        null));
        byte[] body = bytes(delivery.getBody());
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Content-Type", delivery.getContentType())
                .header("User-Agent", USER_AGENT)
                .header(EVENT_ID, delivery.getEventId())
                .header(EVENT_TYPE, delivery.getEventType())
                .header(DELIVERY_ID, delivery.getDeliveryId())
                .header(TIMESTAMP, Long.toString(timestamp))
                .header(SIGNATURE, WebhookSigner.sign(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw DeliveryFailure.transientFailure("POST " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryFailure.transientFailure("POST " + uri + " interrupted", e);
        }
        int status = response.statusCode();
        String answer = excerpt(response.body());
        if (status >= 200 && status < 300) {
            return status;
        }
        String reason = "POST " + uri + " answered " + status + (answer.isEmpty() ? "" : ": " + answer);
        Duration retryAfter = status == 429 || status == 503
                ? response.headers()
                        .firstValue("Retry-After")
                        .flatMap(value -> RetryAfter.parse(value, clock.instant()))
                        .orElse(null)
                : null;
        boolean retry = status == 408 || status == 425 || status == 429 || (status >= 500 && status < 600);
        throw DeliveryFailure.http(reason, status, !retry, retryAfter);
    }

    /** The start of an error answer, for the log; the rest is not read. */
    private static String excerpt(InputStream body) {
        try (InputStream in = body) {
            byte[] start = in.readNBytes(ERROR_BODY_CHARS);
            return new String(start, StandardCharsets.UTF_8)
                    .replaceAll("\\s+", " ")
                    .strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
