package dev.helpstream.notifier.delivery;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the deliverers (the SMTP and webhook senders of the notifier), validated at startup.
 * Nothing here travels on a topic: the SMTP password and the webhook signing secrets stay in the
 * process, and {@link #toString()} masks them.
 *
 * @param enabled whether this instance runs the deliverers at all
 * @param blobsDirectory root of the shared file-system blob store the attachments are read from
 * @param allowLoopbackWebhooks whether webhooks may call loopback addresses (plain http included);
 *     for the one-command demo and tests only ({@code HELPSTREAM_ALLOW_LOOPBACK_WEBHOOKS})
 * @param webhookSecrets the HMAC signing secrets by the reference a webhook names ({@code
 *     secretRef}), matched by their canonical form (lower case, without {@code -}, {@code _} and
 *     {@code .}): the binder turns env {@code HELPSTREAM_DELIVERY_WEBHOOKSECRETS_MAIN_HOOK} into
 *     the key {@code main.hook} and {@code ..._MAINHOOK} into {@code mainhook}, and both must find
 *     the ref {@code main-hook}; two configured refs with the same canonical form are refused at
 *     startup
 * @param email the email listener
 * @param webhook the webhook listener and its HTTP client
 * @param smtp the relay mail is sent through
 * @param retry how failed deliveries are retried before they are dead-lettered
 * @param maxAge the oldest delivery still sent, counted from its {@code plannedAt} (email) or {@code
 *     occurredAt} (webhook); an older one is recorded as SKIPPED ("stale") and never sent. This is
 *     what keeps a planner that replays old history (a new application id, a reset) or deliverers
 *     whose group offsets expired from sending old notifications again
 * @param ledgerLookback how far back the delivery log is read at partition assignment to know what
 *     was delivered already. It must be at least {@code maxAge} (checked at startup): a delivery
 *     older than {@code maxAge} is never sent, so only the outcomes of younger ones must be known,
 *     and their outcomes are younger still. The delivery topics keep records 7 days plus an unrolled
 *     segment (up to 14 days in all), longer than this lookback; that is safe because of {@code
 *     maxAge}, not because of the retention. The default (7 days) leaves 4 days over the default
 *     {@code maxAge} for clocks that disagree
 * @param logTimeout how long a write to the delivery log or the dead-letter topics may wait for the
 *     brokers' acknowledgement
 * @param deadLetterPayloadLimit the largest rendered payload kept in a dead letter; a larger email is
 *     kept without its attachments
 */
@ConfigurationProperties("helpstream.delivery")
@Validated
record DeliveryProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("data/blobs") Path blobsDirectory,
        @DefaultValue("false") boolean allowLoopbackWebhooks,
        Map<String, String> webhookSecrets,
        @Valid @NotNull @DefaultValue Email email,
        @Valid @NotNull @DefaultValue Webhook webhook,
        @Valid @NotNull @DefaultValue Smtp smtp,
        @Valid @NotNull @DefaultValue Retry retry,
        @NotNull @DefaultValue("3d") Duration maxAge,
        @NotNull @DefaultValue("7d") Duration ledgerLookback,
        @NotNull @DefaultValue("30s") Duration logTimeout,
        @NotNull @DefaultValue("512KB") DataSize deadLetterPayloadLimit) {

    DeliveryProperties {
        webhookSecrets = webhookSecrets == null ? Map.of() : Map.copyOf(webhookSecrets);
        Map<String, String> byCanonicalRef = new TreeMap<>();
        for (String ref : new TreeSet<>(webhookSecrets.keySet())) {
            String other = byCanonicalRef.putIfAbsent(canonicalRef(ref), ref);
            if (other != null) {
                throw new IllegalArgumentException("helpstream.delivery.webhook-secrets names '" + other + "' and '"
                        + ref + "', the same secret reference ('" + canonicalRef(ref)
                        + "' once case, '-', '_' and '.' are ignored); keep one");
            }
        }
    }

    /**
     * The signing secret a webhook refers to, found by the canonical form of its ref, so that a ref
     * matches however the environment or a YAML file spelled it.
     */
    Optional<String> webhookSecret(String ref) {
        if (ref == null || ref.isBlank()) {
            return Optional.empty();
        }
        String wanted = canonicalRef(ref);
        return webhookSecrets.entrySet().stream()
                .filter(entry -> canonicalRef(entry.getKey()).equals(wanted))
                .map(Map.Entry::getValue)
                .filter(secret -> !secret.isEmpty())
                .findFirst();
    }

    /** A secret reference as it is compared: lower case, without {@code -}, {@code _} and {@code .}. */
    static String canonicalRef(String ref) {
        return ref.toLowerCase(Locale.ROOT).replaceAll("[-_.]", "");
    }

    @AssertTrue(
            message = "maxAge must be between 1h and ledgerLookback (an outcome the ledger forgot must belong to a"
                    + " delivery too old to send)")
    boolean isMaxAgeWithinLookback() {
        return maxAge == null
                || ledgerLookback == null
                || (maxAge.compareTo(Duration.ofHours(1)) >= 0 && maxAge.compareTo(ledgerLookback) <= 0);
    }

    @AssertTrue(message = "ledgerLookback must be between 1h and 90d") boolean isLedgerLookbackInRange() {
        return ledgerLookback == null
                || (ledgerLookback.compareTo(Duration.ofHours(1)) >= 0
                        && ledgerLookback.compareTo(Duration.ofDays(90)) <= 0);
    }

    @AssertTrue(message = "logTimeout must be between 1s and 5m") boolean isLogTimeoutInRange() {
        return logTimeout == null
                || (logTimeout.compareTo(Duration.ofSeconds(1)) >= 0
                        && logTimeout.compareTo(Duration.ofMinutes(5)) <= 0);
    }

    @AssertTrue(message = "deadLetterPayloadLimit must be between 1KB and 900KB (a record stays under 1MB)")
    boolean isDeadLetterPayloadLimitInRange() {
        return deadLetterPayloadLimit == null
                || (deadLetterPayloadLimit.toBytes() >= 1024 && deadLetterPayloadLimit.toBytes() <= 900 * 1024);
    }

    @Override
    public String toString() {
        return "DeliveryProperties[enabled=" + enabled + ", blobsDirectory=" + blobsDirectory
                + ", allowLoopbackWebhooks=" + allowLoopbackWebhooks + ", webhookSecrets=" + webhookSecrets.keySet()
                + ", email=" + email + ", webhook=" + webhook + ", smtp=" + smtp + ", retry=" + retry
                + ", maxAge=" + maxAge + ", ledgerLookback=" + ledgerLookback + ", logTimeout=" + logTimeout + "]";
    }

    /**
     * @param groupId the consumer group of the email listener
     * @param concurrency consumers of the email listener in this instance; 0 (the default): one per
     *     partition of {@code notifications.email.v1} (the catalogue's count, or {@code
     *     helpstream.topics.partitions} when set), at most 64. Each consumer sends one mail at a
     *     time over its own SMTP connection, so this is how many mails are in flight at once
     */
    record Email(
            @NotBlank @DefaultValue("helpstream-notifier-email")
            String groupId,

            @Min(0) @Max(MAX_CONCURRENCY) @DefaultValue("0") int concurrency) {

        /** The consumers of this instance for a topic of {@code partitions} partitions. */
        int consumers(int partitions) {
            return concurrency > 0 ? concurrency : Math.min(partitions, MAX_CONCURRENCY);
        }
    }

    /** The most consumers one listener runs in one instance. */
    static final int MAX_CONCURRENCY = 64;

    /**
     * @param groupId the consumer group of the webhook listener
     * @param concurrency consumers of the webhook listener in this instance
     * @param connectTimeout how long connecting to an endpoint may take
     * @param requestTimeout how long an endpoint may take to answer
     */
    record Webhook(
            @NotBlank @DefaultValue("helpstream-notifier-webhook")
            String groupId,

            @Min(1) @Max(MAX_CONCURRENCY) @DefaultValue("1") int concurrency,
            @NotNull @DefaultValue("5s") Duration connectTimeout,
            @NotNull @DefaultValue("15s") Duration requestTimeout) {

        @AssertTrue(message = "timeouts must be between 100ms and 2m") boolean isTimeoutsInRange() {
            return inRange(connectTimeout) && inRange(requestTimeout);
        }
    }

    /**
     * @param host the SMTP relay ({@code NOTIFIER_SMTP_HOST})
     * @param port its port ({@code NOTIFIER_SMTP_PORT})
     * @param username the login, empty for none
     * @param password the password of the login
     * @param starttls whether to upgrade the connection with STARTTLS when the server offers it
     * @param starttlsRequired whether to refuse to send when the server does not offer STARTTLS
     * @param ssl whether to connect over TLS from the start (SMTPS, usually port 465)
     * @param connectTimeout how long connecting may take
     * @param timeout how long one SMTP read or write may take
     * @param envelopeFrom the envelope sender (where bounces go); empty uses the From address
     * @param maxMessagesPerConnection messages sent over one connection before it is closed and a new
     *     one opened (relays limit the messages of a session)
     * @param idleTimeout how long an open connection may wait unused before it is closed instead of
     *     used (relays and NAT gateways drop idle sessions, usually after minutes)
     */
    record Smtp(
            @NotBlank @DefaultValue("localhost") String host,
            @Min(1) @Max(65535) @DefaultValue("25") int port,
            @DefaultValue("") String username,
            @DefaultValue("") String password,
            @DefaultValue("false") boolean starttls,
            @DefaultValue("false") boolean starttlsRequired,
            @DefaultValue("false") boolean ssl,
            @NotNull @DefaultValue("10s") Duration connectTimeout,
            @NotNull @DefaultValue("30s") Duration timeout,
            @DefaultValue("") String envelopeFrom,
            @Min(1) @Max(100_000) @DefaultValue("100") int maxMessagesPerConnection,
            @NotNull @DefaultValue("30s") Duration idleTimeout) {

        @AssertTrue(message = "timeouts must be between 100ms and 2m") boolean isTimeoutsInRange() {
            return inRange(connectTimeout) && inRange(timeout) && inRange(idleTimeout);
        }

        @AssertTrue(message = "ssl and starttls exclude each other") boolean isOneTlsMode() {
            return !(ssl && (starttls || starttlsRequired));
        }

        boolean authenticates() {
            return username != null && !username.isBlank();
        }

        @Override
        public String toString() {
            return "Smtp[host=" + host + ", port=" + port + ", username=" + username + ", password="
                    + (password == null || password.isEmpty() ? "" : "***") + ", starttls=" + starttls
                    + ", starttlsRequired=" + starttlsRequired + ", ssl=" + ssl + ", connectTimeout="
                    + connectTimeout + ", timeout=" + timeout + ", envelopeFrom=" + envelopeFrom
                    + ", maxMessagesPerConnection=" + maxMessagesPerConnection + ", idleTimeout=" + idleTimeout + "]";
        }
    }

    /**
     * Exponential back-off with jitter: the wait before retry n is {@code initialInterval *
     * multiplier^(n-1)}, capped at {@code maxInterval}, spread by plus or minus {@code jitter} of
     * itself. A {@code Retry-After} answer replaces the computed wait, capped at {@code
     * maxRetryAfter}. Retries block: the consumer waits on its thread (one record at a time per
     * partition, by design), so each listener's {@code max.poll.interval.ms} is set to the longest
     * wait plus the longest call plus a minute (see {@link DeliveryConfiguration}).
     *
     * @param maxAttempts attempts of one delivery, the first included, before it is dead-lettered
     * @param initialInterval wait before the first retry
     * @param multiplier growth of the wait per retry
     * @param maxInterval longest wait
     * @param jitter fraction of each wait added or taken at random, so endpoints that failed together
     *     are not retried together
     * @param maxRetryAfter longest wait a server may ask for with {@code Retry-After}; a longer ask is
     *     cut to this
     */
    record Retry(
            @Min(1) @Max(100) @DefaultValue("6") int maxAttempts,
            @NotNull @DefaultValue("1s") Duration initialInterval,

            @DecimalMin("1.0") @DecimalMax("10.0") @DefaultValue("2.0")
            double multiplier,

            @NotNull @DefaultValue("60s") Duration maxInterval,

            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.2")
            double jitter,

            @NotNull @DefaultValue("10m") Duration maxRetryAfter) {

        @AssertTrue(message = "maxRetryAfter must be between 1s and 30m") boolean isMaxRetryAfterInRange() {
            return maxRetryAfter == null
                    || (maxRetryAfter.compareTo(Duration.ofSeconds(1)) >= 0
                            && maxRetryAfter.compareTo(Duration.ofMinutes(30)) <= 0);
        }

        /** The longest a consumer may wait between two attempts. */
        Duration longestWait() {
            return maxRetryAfter.compareTo(maxInterval) > 0 ? maxRetryAfter : maxInterval;
        }

        @AssertTrue(message = "initialInterval must be at least 1ms and at most maxInterval; maxInterval at most 4m") boolean isIntervalsInRange() {
            return initialInterval == null
                    || maxInterval == null
                    || (initialInterval.toMillis() >= 1
                            && initialInterval.compareTo(maxInterval) <= 0
                            && maxInterval.compareTo(Duration.ofMinutes(4)) <= 0);
        }
    }

    private static boolean inRange(Duration timeout) {
        return timeout == null
                || (timeout.compareTo(Duration.ofMillis(100)) >= 0 && timeout.compareTo(Duration.ofMinutes(2)) <= 0);
    }
}
