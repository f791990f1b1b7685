package dev.helpstream.notifier.delivery;

import dev.helpstream.schema.DeliveryRecord;
import dev.helpstream.schema.DeliveryStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.MessageListener;

/**
 * Sends each delivery of one topic once, whatever the channel; the subclasses make the one call.
 *
 * <p>Per record: the delivery log of its partition is read (once per assignment, see {@link
 * DeliveryLedger}); a delivery that reached its outcome already is skipped (a SKIPPED record says
 * so); so is a stale one, planned longer than {@code maxAge} ago (SKIPPED, error {@code "stale:
 * planned at <instant>, older than <maxAge>"}): it comes from a planner replaying old history or
 * from a group whose offsets expired, its outcome may be older than the ledger's lookback, and news
 * that old is no news. Otherwise one attempt is made. A success is written to the log as
 * DELIVERED, synchronously, before this method returns and the container commits the offset. A
 * failure is written as RETRYING when a retry follows, and thrown: the error handler retries it
 * after the {@link RetryPolicy}'s wait, or hands it to the {@link DeliveryRecoverer} (dead letter)
 * when none follows.
 *
 * <p>The one window left: a crash after the SMTP relay or the endpoint accepted a delivery and
 * before its DELIVERED record is written sends it again after the restart. It lasts one
 * acknowledgement of the log (milliseconds), and both channels let the receiver recognise the
 * repeat: an email keeps its planned, deterministic Message-ID, and a webhook call carries the same
 * event id (its idempotency key) and delivery id.
 *
 * @param <T> the delivery type
 */
abstract class DeliveryListener<T> implements MessageListener<String, T> {

    private static final Logger log = LoggerFactory.getLogger(DeliveryListener.class);

    private final DeliveryLedger ledger;
    private final DeliveryLog deliveryLog;
    private final Attempts attempts;
    private final RetryPolicy policy;
    private final Duration maxAge;
    private final Clock clock;
    private final AtomicLong staleSkipped = new AtomicLong();

    DeliveryListener(
            DeliveryLedger ledger,
            DeliveryLog deliveryLog,
            Attempts attempts,
            RetryPolicy policy,
            Duration maxAge,
            Clock clock) {
        this.ledger = ledger;
        this.deliveryLog = deliveryLog;
        this.attempts = attempts;
        this.policy = policy;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** What the delivery log says about a delivery. */
    abstract DeliveryInfo describe(T delivery);

    /**
     * Makes one attempt.
     *
     * @throws DeliveryFailure when it failed
     */
    abstract Sent deliver(T delivery);

    /**
     * A successful attempt.
     *
     * @param httpStatus the answer's status (webhooks), or null
     * @param note what the log should know besides (recipients the relay refused), or null
     */
    record Sent(Integer httpStatus, String note) {}

    @Override
    public void onMessage(ConsumerRecord<String, T> record) {
        T delivery = record.value();
        if (delivery == null) {
            throw DeliveryFailure.permanentFailure("the record at " + where(record) + " has no value", null);
        }
        DeliveryInfo info = describe(delivery);
        String id = info.deliveryId();
        ledger.ensureCaughtUp(new TopicPartition(record.topic(), record.partition()));
        if (ledger.isFinished(id)) {
            attempts.clear(id);
            if (!deliveryLog.writeKept(id)) {
                log.info("Delivery {} ({}) reached its outcome already; not sent again", id, where(record));
                deliveryLog.skipped(
                        record.topic(),
                        record.partition(),
                        record.key(),
                        DeliveryLog.outcome(info, DeliveryStatus.SKIPPED, 0, clock.instant())
                                .setError("already delivered or dead-lettered")
                                .build());
            }
            return;
        }
        Instant now = clock.instant();
        if (info.plannedAt() != null && info.plannedAt().isBefore(now.minus(maxAge))) {
            attempts.clear(id);
            skipStale(record, info, now);
            return;
        }
        Optional<Attempts.State> earlier = attempts.get(id);
        if (earlier.isPresent() && earlier.get().lastFailure() != null && policy.exhausted(earlier.get())) {
            // Its dead letter could not be written last time: straight back to the recoverer, no new attempt.
            throw earlier.get().lastFailure();
        }
        int attempt = attempts.begin(id, now);
        long started = System.nanoTime();
        Sent sent;
        try {
            sent = deliver(delivery);
        } catch (DeliveryFailure failure) {
            throw failed(record, info, attempt, failure, started);
        } catch (RuntimeException unexpected) {
            throw failed(
                    record,
                    info,
                    attempt,
                    DeliveryFailure.transientFailure("unexpected error: " + unexpected, unexpected),
                    started);
        }
        Instant end = clock.instant();
        deliveryLog.delivered(
                record.topic(),
                record.partition(),
                record.key(),
                DeliveryLog.outcome(info, DeliveryStatus.DELIVERED, attempt, end)
                        .setHttpStatus(sent.httpStatus())
                        .setError(sent.note() == null || sent.note().isEmpty() ? null : sent.note())
                        .setDurationMillis(elapsedMillis(started))
                        .build());
        attempts.clear(id);
        // Debug only: notifications.deliveries.v1 records every outcome, and a line per mail at INFO
        // cost 8% of the email threads' CPU under load.
        log.debug("Delivered {} {} to {} (attempt {})", info.channel(), id, info.target(), attempt);
    }

    private void skipStale(ConsumerRecord<String, T> record, DeliveryInfo info, Instant now) {
        String reason = "stale: planned at " + info.plannedAt() + ", older than " + Durations.text(maxAge);
        deliveryLog.skipped(
                record.topic(),
                record.partition(),
                record.key(),
                DeliveryLog.outcome(info, DeliveryStatus.SKIPPED, 0, now)
                        .setError(reason)
                        .build());
        // A replay skips thousands in a row: the first and then one line per thousand.
        long count = staleSkipped.incrementAndGet();
        if (count == 1 || count % 1000 == 0) {
            log.info(
                    "Skipped {} {} ({}), {}; {} stale deliveries skipped since start",
                    info.channel(),
                    info.deliveryId(),
                    where(record),
                    reason,
                    count);
        } else {
            log.debug("Skipped {} {} ({}), {}", info.channel(), info.deliveryId(), where(record), reason);
        }
    }

    private DeliveryFailure failed(
            ConsumerRecord<String, T> record, DeliveryInfo info, int attempt, DeliveryFailure failure, long started) {
        Instant now = clock.instant();
        Attempts.State state = attempts.failed(info.deliveryId(), failure, now);
        boolean last = policy.exhausted(state);
        if (!last) {
            DeliveryRecord retrying = DeliveryLog.outcome(info, DeliveryStatus.RETRYING, attempt, now)
                    .setHttpStatus(failure.httpStatus().orElse(null))
                    .setError(failure.getMessage())
                    .setDurationMillis(elapsedMillis(started))
                    .build();
            deliveryLog.retrying(record.topic(), record.partition(), record.key(), retrying);
        }
        log.warn(
                "{} delivery {} attempt {}/{} failed ({}): {}",
                info.channel(),
                info.deliveryId(),
                attempt,
                policy.maxAttempts(),
                failure.permanent() ? "permanent" : last ? "giving up" : "will retry",
                failure.getMessage());
        return failure;
    }

    private static long elapsedMillis(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
