package dev.helpstream.notifier.planner;

import static dev.helpstream.notifier.planner.PlannerDriver.CUSTOMER;
import static dev.helpstream.notifier.planner.PlannerDriver.CUSTOMER_MESSAGE_ID;
import static dev.helpstream.notifier.planner.PlannerDriver.TICKET;
import static dev.helpstream.notifier.planner.PlannerDriver.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.schema.WebhookDelivery;
import dev.helpstream.schema.config.CannedResponse;
import dev.helpstream.schema.config.Webhook;
import dev.helpstream.schema.config.WebhookKind;
import dev.helpstream.schema.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * What a failure while planning costs: one audience (the customer's acknowledgement, one agent,
 * one webhook) when only its delivery fails, the failing planner's part of the event when the event
 * itself cannot be planned there (dead-lettered by the exception handler), and nothing swallowed
 * when Kafka itself fails. The failures are injected into the real topology by {@link
 * FaultInjector}.
 */
class PlanningFailuresTest {

    @Test
    void shouldPlanTheOtherAgentsMailsWhenOneAgentsMailCannotBePlanned() {
        try (PlannerDriver planner =
                new PlannerDriver(FaultInjector.failDelivery("agent-mails", "ev-10234-v1:agent:bob"))) {
            webhook(planner, "crm", WebhookKind.GENERIC_JSON);

            planner.event(CUSTOMER, opened().build());

            assertThat(planner.emails().readValuesToList())
                    .extracting(EmailDelivery::getDeliveryId)
                    .containsExactly("ev-10234-v1:customer", "ev-10234-v1:agent:carol");
            assertThat(planner.webhooks().readValuesToList())
                    .extracting(WebhookDelivery::getDeliveryId)
                    .containsExactly("ev-10234-v1:crm");
        }
    }

    @Test
    void shouldCallTheOtherWebhooksWhenOneWebhookCannotBePlanned() {
        try (PlannerDriver planner =
                new PlannerDriver(FaultInjector.failDelivery("ticket-webhooks", "ev-10234-v1:a-chat"))) {
            webhook(planner, "a-chat", WebhookKind.SLACK);
            webhook(planner, "b-crm", WebhookKind.GENERIC_JSON);
            webhook(planner, "c-ops", WebhookKind.DISCORD);

            planner.event(CUSTOMER, opened().build());

            assertThat(planner.webhooks().readValuesToList())
                    .extracting(WebhookDelivery::getDeliveryId)
                    .containsExactly("ev-10234-v1:b-crm", "ev-10234-v1:c-ops");
            assertThat(planner.emails().readValuesToList())
                    .extracting(EmailDelivery::getDeliveryId)
                    .containsExactly("ev-10234-v1:customer", "ev-10234-v1:agent:bob", "ev-10234-v1:agent:carol");
        }
    }

    @Test
    void shouldSendTheFiltersAutomaticReplyWhenTheAcknowledgementCannotBePlanned() {
        try (PlannerDriver planner =
                new PlannerDriver(FaultInjector.failDelivery("customer-mails", "ev-10234-v1:customer"))) {
            planner.configure(
                    ConfigEntityType.CANNED_RESPONSE,
                    "outage-known",
                    CannedResponse.newBuilder()
                            .setTitle("Known outage")
                            .setText("We know about the outage.")
                            .build());

            planner.event(
                    CUSTOMER,
                    opened().setAutoReplyCannedResponseIds(List.of("outage-known"))
                            .build());

            List<EmailDelivery> mails = planner.emails().readValuesToList();
            assertThat(mails)
                    .extracting(EmailDelivery::getDeliveryId)
                    .containsExactly(
                            "ev-10234-v1:customer:auto-reply", "ev-10234-v1:agent:bob", "ev-10234-v1:agent:carol");
            EmailDelivery reply = mails.get(0);
            // The acknowledgement that was never planned is in no thread.
            assertThat(reply.getInReplyTo()).isEqualTo(CUSTOMER_MESSAGE_ID);
            assertThat(reply.getReferences()).containsExactly(CUSTOMER_MESSAGE_ID);
            assertThat(planner.context(TICKET).getEmailMessageIds())
                    .containsExactly(CUSTOMER_MESSAGE_ID, reply.getMessageId());
        }
    }

    @Test
    void shouldDeadLetterAnEventOnePlannerCannotPlanAndStillPlanItForTheOthers() {
        Properties props = FaultInjector.failEveryEvent("customer-mails");
        props.put(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueProcessingExceptionHandler.class.getName());
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.NOTIFIER_DLQ.name());
        try (PlannerDriver planner = new PlannerDriver(props)) {
            webhook(planner, "crm", WebhookKind.GENERIC_JSON);

            planner.event(CUSTOMER, opened().build());

            assertThat(planner.emails().readValuesToList())
                    .extracting(EmailDelivery::getDeliveryId)
                    .containsExactly("ev-10234-v1:agent:bob", "ev-10234-v1:agent:carol");
            assertThat(planner.webhooks().readValuesToList())
                    .extracting(WebhookDelivery::getDeliveryId)
                    .containsExactly("ev-10234-v1:crm");
            List<TestRecord<byte[], byte[]>> deadLetters =
                    planner.rawOutput(Topics.NOTIFIER_DLQ.name()).readRecordsToList();
            assertThat(deadLetters).hasSize(1);
            assertThat(new String(deadLetters.get(0).key(), StandardCharsets.UTF_8))
                    .isEqualTo(TICKET);
            Headers headers = deadLetters.get(0).headers();
            assertThat(header(headers, "__streams.errors.exception")).isEqualTo("java.lang.IllegalStateException");
            assertThat(header(headers, "__streams.errors.message"))
                    .isEqualTo("injected failure: customer-mails on every event");
            assertThat(header(headers, "__streams.errors.topic")).isEqualTo("tickets.events.v1");
            assertThat(header(headers, "__streams.errors.offset")).isEqualTo("0");
            assertThat(planner.context(TICKET).getVersion()).isEqualTo(1);
        }
    }

    @Test
    void shouldLeaveKafkasOwnFailuresToKafkaStreams() {
        try (PlannerDriver planner =
                new PlannerDriver(FaultInjector.failDeliveryInKafka("agent-mails", "ev-10234-v1:agent:bob"))) {
            assertThatThrownBy(() -> planner.event(CUSTOMER, opened().build()))
                    .isInstanceOf(StreamsException.class)
                    .hasRootCauseMessage("injected Kafka failure: planning ev-10234-v1:agent:bob");
        }
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static void webhook(PlannerDriver planner, String id, WebhookKind kind) {
        planner.configure(
                ConfigEntityType.WEBHOOK,
                id,
                Webhook.newBuilder()
                        .setName(id)
                        .setUrl("https://hooks.example/" + id)
                        .setKind(kind)
                        .setSecretRef(id + "-secret")
                        .build());
    }
}
