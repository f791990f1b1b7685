package dev.helpstream.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class DeliveryConfigurationTest {

    @Test
    void shouldGiveTheWebhookConsumerTimeForTheLongestRetryAfterAndACallBetweenTwoPolls() {
        DeliveryProperties.Retry retry = new DeliveryProperties.Retry(
                6, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), 0.2, Duration.ofMinutes(10));
        DeliveryProperties.Webhook webhook = new DeliveryProperties.Webhook(
                "helpstream-notifier-webhook", 1, Duration.ofSeconds(5), Duration.ofSeconds(15));
        Duration longestCall = webhook.connectTimeout().plus(webhook.requestTimeout());

        Duration interval = DeliveryConfiguration.maxPollInterval(retry.longestWait(), longestCall, 1);
        Map<String, Object> config = DeliveryConfiguration.consumerConfig("localhost:9092", interval, 1);

        assertThat(config).containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 680_000);
        assertThat(retry.maxRetryAfter())
                .isLessThan(Duration.ofMillis((int) config.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG))
                        .minus(webhook.requestTimeout()));
        assertThat(config)
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1)
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    }

    @Test
    void shouldGiveTheEmailConsumerTimeForTheLongestSendOfEveryRecordOfAPollAndTheLongestBackOff() {
        DeliveryProperties.Smtp smtp = new DeliveryProperties.Smtp(
                "localhost",
                25,
                "",
                "",
                false,
                false,
                false,
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                "",
                100,
                Duration.ofSeconds(30));
        Duration longestCall = DeliveryConfiguration.longestSmtpCall(smtp);

        Duration interval = DeliveryConfiguration.maxPollInterval(
                Duration.ofSeconds(60), longestCall, DeliveryConfiguration.EMAIL_RECORDS_PER_POLL);
        Map<String, Object> config = DeliveryConfiguration.consumerConfig(
                "localhost:9092", interval, DeliveryConfiguration.EMAIL_RECORDS_PER_POLL);

        assertThat(longestCall).isEqualTo(Duration.ofSeconds(130));
        assertThat(config)
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10)
                .containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 1_420_000);
    }

    @Test
    void shouldNeverGiveAConsumerLessThanTenMinutesBetweenTwoPolls() {
        assertThat(DeliveryConfiguration.maxPollInterval(Duration.ofSeconds(60), Duration.ofSeconds(100), 1))
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(DeliveryConfiguration.maxPollInterval(Duration.ofMinutes(30), Duration.ofMinutes(4), 1))
                .isEqualTo(Duration.ofMinutes(35));
    }

    @Test
    void shouldKeepTheLongerOfTheBackOffCapAndTheRetryAfterCapAsTheLongestWait() {
        assertThat(new DeliveryProperties.Retry(
                                6, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(4), 0.2, Duration.ofMinutes(2))
                        .longestWait())
                .isEqualTo(Duration.ofMinutes(4));
        assertThat(new DeliveryProperties.Retry(
                                6, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1), 0.2, Duration.ofMinutes(10))
                        .longestWait())
                .isEqualTo(Duration.ofMinutes(10));
    }
}
