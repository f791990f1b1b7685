package dev.helpstream.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

class DeliveryPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(PropertiesOnly.class);

    @EnableConfigurationProperties(DeliveryProperties.class)
    static class PropertiesOnly {}

    @Test
    void shouldDefaultToSixAttemptsFromOneSecondDoublingUpToAMinuteAndALocalRelay() {
        runner.run(context -> {
            DeliveryProperties properties = context.getBean(DeliveryProperties.class);
            assertThat(properties.enabled()).isTrue();
            assertThat(properties.retry())
                    .isEqualTo(
                            new DeliveryProperties.Retry(6, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), 0.2));
            assertThat(properties.smtp().host()).isEqualTo("localhost");
            assertThat(properties.smtp().port()).isEqualTo(25);
            assertThat(properties.email().groupId()).isEqualTo("helpstream-notifier-email");
            assertThat(properties.webhook().groupId()).isEqualTo("helpstream-notifier-webhook");
            assertThat(properties.allowLoopbackWebhooks()).isFalse();
            assertThat(properties.ledgerLookback()).isEqualTo(Duration.ofDays(7));
        });
    }

    @Test
    void shouldFindSecretsByTheirReferenceAndNeverPrintThem() {
        runner.withPropertyValues(
                        "helpstream.delivery.webhook-secrets.crm=whsec-crm-1",
                        "helpstream.delivery.smtp.username=mailer",
                        "helpstream.delivery.smtp.password=hunter2")
                .run(context -> {
                    DeliveryProperties properties = context.getBean(DeliveryProperties.class);
                    assertThat(properties.webhookSecret("crm")).contains("whsec-crm-1");
                    assertThat(properties.webhookSecret("CRM")).contains("whsec-crm-1");
                    assertThat(properties.webhookSecret("billing")).isEmpty();
                    assertThat(properties.webhookSecret(null)).isEmpty();
                    assertThat(properties.toString())
                            .doesNotContain("whsec-crm-1")
                            .doesNotContain("hunter2");
                });
    }

    @Test
    void shouldRefuseToStartWithABackOffLongerThanAConsumerMayWait() {
        runner.withPropertyValues("helpstream.delivery.retry.max-interval=10m")
                .run(
                        context -> assertThat(context)
                                .getFailure()
                                .rootCause()
                                .hasMessageContaining(
                                        "initialInterval must be at least 1ms and at most maxInterval; maxInterval at most 4m"));
    }

    @Test
    void shouldRefuseToStartWithBothTlsModes() {
        runner.withPropertyValues("helpstream.delivery.smtp.ssl=true", "helpstream.delivery.smtp.starttls=true")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("ssl and starttls exclude each other"));
    }
}
