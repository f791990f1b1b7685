package dev.helpstream.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.DeliveryChannel;
import dev.helpstream.schema.DeliveryRecord;
import dev.helpstream.schema.DeliveryStatus;
import dev.helpstream.schema.serde.SingleObjectAvroSerdes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The delivery log in memory, fed the way its follower feeds it: per webhook and per ticket, newest
 * first, bounded.
 */
class DeliveryLogTest {

    private static final Instant AT = Instant.parse("2026-03-02T09:30:00Z");

    @BeforeAll
    static void trustTheGeneratedClasses() {
        SingleObjectAvroSerdes.instance();
    }

    @Test
    void shouldListAWebhooksAttemptsNewestFirstUpToTheLimit() {
        DeliveryLog log = log(200, 10);
        log.add("ops", webhookAttempt("d1", 1));
        log.add("ops", webhookAttempt("d1", 2));
        log.add("billing", webhookAttempt("d2", 1));
        log.add("ops", webhookAttempt("d3", 1));

        assertThat(log.webhookAttempts("ops", 50))
                .extracting(attempt -> attempt.getDeliveryId() + "#" + attempt.getAttempt())
                .containsExactly("d3#1", "d1#2", "d1#1");
        assertThat(log.webhookAttempts("ops", 2))
                .extracting(attempt -> attempt.getDeliveryId() + "#" + attempt.getAttempt())
                .containsExactly("d3#1", "d1#2");
        assertThat(log.webhookAttempts("billing", 50))
                .extracting(DeliveryRecord::getDeliveryId)
                .containsExactly("d2");
        assertThat(log.webhookAttempts("nobody", 50)).isEmpty();
    }

    @Test
    void shouldKeepWebhookAndEmailAttemptsApartAndSkipUnknownChannels() {
        DeliveryLog log = log(200, 10);
        log.add("T-1", emailAttempt("mail-1"));
        log.add("T-1", webhookAttempt("hook-1", 1));
        log.add("T-1", attempt("other-1", DeliveryChannel.UNKNOWN, 1));

        assertThat(log.emailAttempts("T-1", 50))
                .extracting(DeliveryRecord::getDeliveryId)
                .containsExactly("mail-1");
        assertThat(log.webhookAttempts("T-1", 50))
                .extracting(DeliveryRecord::getDeliveryId)
                .containsExactly("hook-1");
    }

    @Test
    void shouldKeepOnlyTheLastAttemptsOfEachKey() {
        DeliveryLog log = log(3, 10);
        for (int attempt = 1; attempt <= 5; attempt++) {
            log.add("ops", webhookAttempt("d1", attempt));
            log.add("T-1", emailAttempt("mail-" + attempt));
        }

        assertThat(log.webhookAttempts("ops", 200))
                .extracting(DeliveryRecord::getAttempt)
                .containsExactly(5, 4, 3);
        assertThat(log.emailAttempts("T-1", 200))
                .extracting(DeliveryRecord::getDeliveryId)
                .containsExactly("mail-5", "mail-4", "mail-3");
    }

    @Test
    void shouldForgetTheTicketWhoseLastEmailAttemptIsOldestWhenTooManyAreKept() {
        DeliveryLog log = log(200, 2);
        log.add("T-1", emailAttempt("mail-1"));
        log.add("T-2", emailAttempt("mail-2"));
        log.add("T-1", emailAttempt("mail-3"));
        log.add("T-3", emailAttempt("mail-4"));

        assertThat(log.emailAttempts("T-2", 50)).isEmpty();
        assertThat(log.emailAttempts("T-1", 50))
                .extracting(DeliveryRecord::getDeliveryId)
                .containsExactly("mail-3", "mail-1");
        assertThat(log.emailAttempts("T-3", 50))
                .extracting(DeliveryRecord::getDeliveryId)
                .containsExactly("mail-4");
    }

    @Test
    void shouldBeNeitherCaughtUpNorStoppedBeforeItStarts() {
        DeliveryLog log = log(200, 10);

        assertThat(log.caughtUp()).isFalse();
        assertThat(log.stopped()).isFalse();
        assertThat(log.isRunning()).isFalse();
    }

    private static DeliveryLog log(int perKey, int maxTickets) {
        return new DeliveryLog(
                "localhost:9",
                new DeliveryLogProperties(Duration.ofDays(7), perKey, maxTickets),
                Clock.fixed(AT, ZoneOffset.UTC));
    }

    private static DeliveryRecord webhookAttempt(String deliveryId, int attempt) {
        return attempt(deliveryId, DeliveryChannel.WEBHOOK, attempt);
    }

    private static DeliveryRecord emailAttempt(String deliveryId) {
        return attempt(deliveryId, DeliveryChannel.EMAIL, 1);
    }

    private static DeliveryRecord attempt(String deliveryId, DeliveryChannel channel, int attempt) {
        return DeliveryRecord.newBuilder()
                .setDeliveryId(deliveryId)
                .setEventId("event-" + deliveryId)
                .setChannel(channel)
                .setTarget("https://hooks.example.com/ops")
                .setStatus(DeliveryStatus.DELIVERED)
                .setAttempt(attempt)
                .setAt(AT.plusSeconds(attempt))
                .build();
    }
}
