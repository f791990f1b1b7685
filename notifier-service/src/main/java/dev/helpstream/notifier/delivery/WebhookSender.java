package dev.helpstream.notifier.delivery;

import dev.helpstream.schema.WebhookDelivery;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
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
 *
 * <p>One deadline bounds the whole exchange (connect timeout plus request timeout): an endpoint
 * that answers and then never finishes its body cannot hold the consumer. The status decides: the
 * body of a 2xx is not read at all (its connection is closed), and of an error answer at most
 * {@value #ERROR_BODY_BYTES} bytes are read, for the log, while the deadline lasts. The URL is only
 * ever shown {@link WebhookUrlPolicy#redact(String) redacted}.
 */
final class WebhookSender {

    static final String USER_AGENT = "Helpstream-Webhooks/1";
    static final String EVENT_ID = "X-Helpstream-Event-Id";
    static final String EVENT_TYPE = "X-Helpstream-Event-Type";
    static final String DELIVERY_ID = "X-Helpstream-Delivery-Id";
    static final String TIMESTAMP = "X-Helpstream-Timestamp";
    static final String SIGNATURE = "X-Helpstream-Signature";

    static final int ERROR_BODY_BYTES = 1024;
    private static final int ERROR_EXCERPT_CHARS = 200;

    private final HttpClient client;
    private final WebhookUrlPolicy urls;
    private final Function<String, Optional<String>> secrets;
    private final Duration requestTimeout;
    private final Duration deadline;
    private final Clock clock;

    /**
     * @param client the HTTP client (redirects not followed)
     * @param urls the URL rule
     * @param secrets the signing secret of a secret reference
     * @param requestTimeout how long an endpoint may take to answer; with the client's connect
     *     timeout, the deadline of the whole exchange
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
        this.deadline = client.connectTimeout().orElse(Duration.ZERO).plus(requestTimeout);
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
        String shown = WebhookUrlPolicy.redact(delivery.getUrl());
        byte[] body = bytes(delivery.getBody());
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(uri);
        } catch (IllegalArgumentException e) {
            throw DeliveryFailure.permanentFailure(
                    "webhook URL '" + shown + "' cannot be called: " + hidden(e.getMessage(), delivery.getUrl(), shown),
                    null);
        }
        HttpRequest request = builder.timeout(requestTimeout)
                .header("Content-Type", delivery.getContentType())
                .header("User-Agent", USER_AGENT)
                .header(EVENT_ID, delivery.getEventId())
                .header(EVENT_TYPE, delivery.getEventType())
                .header(DELIVERY_ID, delivery.getDeliveryId())
                .header(TIMESTAMP, Long.toString(timestamp))
                .header(SIGNATURE, WebhookSigner.sign(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        Answer answer = exchange(request, shown, delivery.getUrl());
        int status = answer.status();
        if (status >= 200 && status < 300) {
            return status;
        }
        String excerpt = answer.excerpt();
        String reason = "POST " + shown + " answered " + status + (excerpt.isEmpty() ? "" : ": " + excerpt);
        Duration retryAfter = status == 429 || status == 503
                ? answer.headers()
                        .firstValue("Retry-After")
                        .flatMap(value -> RetryAfter.parse(value, clock.instant()))
                        .orElse(null)
                : null;
        boolean retry = status == 408 || status == 425 || status == 429 || (status >= 500 && status < 600);
        throw DeliveryFailure.http(reason, status, !retry, retryAfter);
    }

    /** What an endpoint answered: the status, the headers and the start of an error body. */
    private record Answer(int status, HttpHeaders headers, String excerpt) {}

    /** Makes the call and waits for its answer, no longer than the deadline. */
    private Answer exchange(HttpRequest request, String shown, String url) {
        AtomicReference<HttpResponse.ResponseInfo> head = new AtomicReference<>();
        AtomicReference<ErrorExcerpt> errorBody = new AtomicReference<>();
        CompletableFuture<HttpResponse<String>> call = client.sendAsync(request, info -> {
            head.set(info);
            if (info.statusCode() >= 200 && info.statusCode() < 300) {
                return new Unread();
            }
            ErrorExcerpt excerpt = new ErrorExcerpt(ERROR_BODY_BYTES);
            errorBody.set(excerpt);
            return excerpt;
        });
        try {
            HttpResponse<String> response = call.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(response.statusCode(), response.headers(), oneLine(response.body()));
        } catch (TimeoutException e) {
            call.cancel(true);
            HttpResponse.ResponseInfo info = head.get();
            if (info == null) {
                throw DeliveryFailure.transientFailure(
                        "POST " + shown + " timed out: no answer within " + Durations.text(deadline), null);
            }
            // The status came in time, the body did not: the status is the answer.
            ErrorExcerpt excerpt = errorBody.get();
            return new Answer(info.statusCode(), info.headers(), excerpt == null ? "" : oneLine(excerpt.stop()));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw DeliveryFailure.transientFailure(
                    "POST " + shown + " failed: " + hidden(cause.toString(), url, shown), null);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw DeliveryFailure.transientFailure("POST " + shown + " interrupted", null);
        }
    }

    /** The text with the full URL (and its path) replaced by what may be shown. */
    static String hidden(String text, String url, String shown) {
        if (text == null) {
            return "";
        }
        String result = text.replace(url, shown);
        try {
            String path = URI.create(url).getRawPath();
            if (path != null && path.length() > 1) {
                result = result.replace(path, "/…");
            }
        } catch (IllegalArgumentException e) {
            // Not a URI: the URL policy refused it before any call.
        }
        return result;
    }

    private static String oneLine(String excerpt) {
        String line = excerpt.replaceAll("\\s+", " ").strip();
        return line.length() <= ERROR_EXCERPT_CHARS ? line : line.substring(0, ERROR_EXCERPT_CHARS);
    }

    /**
     * The body of a success, not read: the answer is complete with its status. Cancelling closes the
     * connection instead of draining a body that may never end.
     */
    static final class Unread implements HttpResponse.BodySubscriber<String> {

        @Override
        public CompletionStage<String> getBody() {
            return CompletableFuture.completedFuture("");
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.cancel();
        }

        @Override
        public void onNext(List<ByteBuffer> item) {}

        @Override
        public void onError(Throwable throwable) {}

        @Override
        public void onComplete() {}
    }

    /**
     * The first bytes of an error answer, decoded as UTF-8: reading stops (and the connection is
     * closed) at the limit, at the end of the body, or when {@link #stop()} is called.
     */
    static final class ErrorExcerpt implements HttpResponse.BodySubscriber<String> {

        private final int limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<String> body = new CompletableFuture<>();
        private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();

        ErrorExcerpt(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<String> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription.set(subscription);
            if (body.isDone()) {
                subscription.cancel();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            synchronized (bytes) {
                for (ByteBuffer buffer : buffers) {
                    int take = Math.min(buffer.remaining(), limit - bytes.size());
                    byte[] chunk = new byte[take];
                    buffer.get(chunk);
                    bytes.write(chunk, 0, take);
                }
            }
            if (bytes.size() >= limit) {
                stop();
            } else {
                subscription.get().request(1);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            // What came before the error is enough for the log.
            finish();
        }

        @Override
        public void onComplete() {
            finish();
        }

        /** Stops reading and returns what was read. */
        String stop() {
            Flow.Subscription current = subscription.get();
            if (current != null) {
                current.cancel();
            }
            return finish();
        }

        private String finish() {
            String text;
            synchronized (bytes) {
                text = bytes.toString(StandardCharsets.UTF_8);
            }
            body.complete(text);
            return body.getNow(text);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
