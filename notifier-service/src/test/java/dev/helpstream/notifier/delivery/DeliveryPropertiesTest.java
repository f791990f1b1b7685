package dev.helpstream.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

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
                    .isEqualTo(new DeliveryProperties.Retry(
                            6, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), 0.2, Duration.ofMinutes(10)));
            assertThat(properties.smtp().host()).isEqualTo("localhost");
            assertThat(properties.smtp().port()).isEqualTo(25);
            assertThat(properties.email().groupId()).isEqualTo("helpstream-notifier-email");
            assertThat(properties.webhook().groupId()).isEqualTo("helpstream-notifier-webhook");
            assertThat(properties.allowLoopbackWebhooks()).isFalse();
            assertThat(properties.maxAge()).isEqualTo(Duration.ofDays(3));
            assertThat(properties.ledgerLookback()).isEqualTo(Duration.ofDays(7));
        });
    }

    @Test
    void shouldRunAnEmailConsumerPerPartitionAndReuseEachConnectionForAHundredMailsByDefault() {
        runner.run(context -> {
            DeliveryProperties properties = context.getBean(DeliveryProperties.class);
            assertThat(properties.email().concurrency()).isZero();
            assertThat(properties.email().consumers(6)).isEqualTo(6);
            assertThat(properties.email().consumers(12)).isEqualTo(12);
            assertThat(properties.email().consumers(200)).isEqualTo(64);
            assertThat(properties.webhook().concurrency()).isEqualTo(1);
            assertThat(properties.smtp().maxMessagesPerConnection()).isEqualTo(100);
            assertThat(properties.smtp().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        });
        runner.withPropertyValues("helpstream.delivery.email.concurrency=2")
                .run(context -> assertThat(context.getBean(DeliveryProperties.class)
                                .email()
                                .consumers(6))
                        .isEqualTo(2));
        runner.withPropertyValues("helpstream.delivery.email.concurrency=65")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("email.concurrency"));
    }

    @Test
    void shouldRefuseToStartWithAMaxAgeLongerThanTheLedgerLooksBack() {
        runner.withPropertyValues("helpstream.delivery.max-age=8d", "helpstream.delivery.ledger-lookback=7d")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("maxAge must be between 1h and ledgerLookback"));
        runner.withPropertyValues("helpstream.delivery.max-age=7d", "helpstream.delivery.ledger-lookback=7d")
                .run(context -> assertThat(
                                context.getBean(DeliveryProperties.class).maxAge())
                        .isEqualTo(Duration.ofDays(7)));
    }

    @Test
    void shouldFindADashedSecretRefHoweverTheEnvironmentOrYamlSpelledIt() {
        for (Map<String, Object> environment : List.<Map<String, Object>>of(
                Map.of("HELPSTREAM_DELIVERY_WEBHOOKSECRETS_MAIN_HOOK", "whsec-env-1"),
                Map.of("HELPSTREAM_DELIVERY_WEBHOOKSECRETS_MAINHOOK", "whsec-env-1"))) {
            runner.withInitializer(context -> context.getEnvironment()
                            .getPropertySources()
                            .addFirst(new SystemEnvironmentPropertySource(
                                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)))
                    .run(context -> {
                        DeliveryProperties properties = context.getBean(DeliveryProperties.class);
                        assertThat(properties.webhookSecret("main-hook")).contains("whsec-env-1");
                        assertThat(properties.webhookSecret("Main_Hook")).contains("whsec-env-1");
                        assertThat(properties.webhookSecret("main")).isEmpty();
                    });
        }
        runner.withPropertyValues("helpstream.delivery.webhook-secrets.main-hook=whsec-yaml-1")
                .run(context -> {
                    DeliveryProperties properties = context.getBean(DeliveryProperties.class);
                    assertThat(properties.webhookSecret("main-hook")).contains("whsec-yaml-1");
                    assertThat(properties.webhookSecret("mainhook")).contains("whsec-yaml-1");
                });
    }

    @Test
    void shouldRefuseToStartWithTwoSecretRefsThatAreTheSameOnceCanonical() {
        runner.withPropertyValues(
                        "helpstream.delivery.webhook-secrets.main-hook=whsec-1",
                        "helpstream.delivery.webhook-secrets.mainhook=whsec-2")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessage("helpstream.delivery.webhook-secrets names 'main-hook' and 'mainhook', the same"
                                + " secret reference ('mainhook' once case, '-', '_' and '.' are ignored); keep one")
                        .hasMessageNotContaining("whsec"));
    }

    @Test
    void shouldRefuseToStartWithARetryAfterCapOutsideOneSecondToHalfAnHour() {
        runner.withPropertyValues("helpstream.delivery.retry.max-retry-after=31m")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("maxRetryAfter must be between 1s and 30m"));
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
