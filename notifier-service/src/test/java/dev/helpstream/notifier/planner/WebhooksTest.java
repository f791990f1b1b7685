package dev.helpstream.notifier.planner;

import static dev.helpstream.notifier.planner.PlannerDriver.BOB;
import static dev.helpstream.notifier.planner.PlannerDriver.CUSTOMER;
import static dev.helpstream.notifier.planner.PlannerDriver.T0;
import static dev.helpstream.notifier.planner.PlannerDriver.TICKET;
import static dev.helpstream.notifier.planner.PlannerDriver.customerReply;
import static dev.helpstream.notifier.planner.PlannerDriver.opened;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.AttachmentRef;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.WebhookDelivery;
import dev.helpstream.schema.WebhookTestRequest;
import dev.helpstream.schema.config.Webhook;
import dev.helpstream.schema.config.WebhookKind;
import dev.helpstream.schema.event.AttachmentAdded;
import dev.helpstream.schema.event.CloseReason;
import dev.helpstream.schema.event.MarkedSpam;
import dev.helpstream.schema.event.PriorityChanged;
import dev.helpstream.schema.event.StatusChanged;
import dev.helpstream.schema.event.TicketClosed;
import dev.helpstream.schema.event.TicketTransferred;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Webhook calls: which events go to which webhook, and the body in each format. */
class WebhooksTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String STAFF_LINK = "https://help.acme.example/staff/tickets/" + TICKET;

    private PlannerDriver planner;

    @BeforeEach
    void start() {
        planner = new PlannerDriver();
    }

    @AfterEach
    void stop() {
        planner.close();
    }

    @Test
    void shouldSendANewTicketToAGenericWebhookAsSnakeCaseJson() {
        webhook("crm", WebhookKind.GENERIC_JSON, List.of(), List.of());

        TicketEvent opened = planner.event(CUSTOMER, opened().build());

        TestRecord<String, WebhookDelivery> record = planner.webhooks().readRecord();
        assertThat(record.key()).isEqualTo("crm");
        WebhookDelivery delivery = record.value();
        assertThat(delivery.getDeliveryId()).isEqualTo("ev-10234-v1:crm");
        assertThat(delivery.getEventId()).isEqualTo("ev-10234-v1");
        assertThat(delivery.getEventType()).isEqualTo("ticket.created");
        assertThat(delivery.getWebhookId()).isEqualTo("crm");
        assertThat(delivery.getUrl()).isEqualTo("https://hooks.example/crm");
        assertThat(delivery.getFormat()).isEqualTo("GENERIC_JSON");
        assertThat(delivery.getSecretRef()).isEqualTo("crm-secret");
        assertThat(delivery.getTicketId()).isEqualTo(TICKET);
        assertThat(delivery.getOccurredAt()).isEqualTo(opened.getOccurredAt());
        assertThat(delivery.getSourceTopic()).isEqualTo("tickets.events.v1");
        assertThat(delivery.getSourcePartition()).isZero();
        assertThat(delivery.getSourceOffset()).isZero();
        assertThat(delivery.getContentType()).isEqualTo("application/json");
        JsonNode body = body(delivery);
        assertThat(names(body))
                .containsExactly(
                        "event_id",
                        "event_type",
                        "occurred_at",
                        "ticket_id",
                        "ticket_number",
                        "subject",
                        "department",
                        "priority",
                        "status",
                        "client",
                        "url");
        assertThat(body.path("event_id").asString()).isEqualTo("ev-10234-v1");
        assertThat(body.path("event_type").asString()).isEqualTo("ticket.created");
        assertThat(body.path("occurred_at").asString()).isEqualTo("2025-03-03T09:01:00Z");
        assertThat(body.path("ticket_id").asString()).isEqualTo(TICKET);
        assertThat(body.path("ticket_number").asLong()).isEqualTo(10234);
        assertThat(body.path("subject").asString()).isEqualTo("Disk full on web-3");
        assertThat(body.path("department").toString()).isEqualTo("{\"id\":\"hosting\",\"name\":\"Hosting\"}");
        assertThat(body.path("priority").toString()).isEqualTo("{\"id\":\"normal\",\"name\":\"Normal\"}");
        assertThat(body.path("status").toString()).isEqualTo("{\"id\":\"new\",\"name\":\"New\"}");
        assertThat(body.path("client").toString())
                .isEqualTo("{\"email\":\"alice@customer.example\",\"name\":\"Alice Martin\"}");
        assertThat(body.path("url").asString()).isEqualTo(STAFF_LINK);
        assertThat(planner.webhooks().isEmpty()).isTrue();
    }

    @Test
    void shouldRenderSlackBlocks() {
        webhook("slack", WebhookKind.SLACK, List.of(), List.of());

        planner.event(CUSTOMER, opened().setSubject("Disk <full> & slow").build());

        JsonNode body = body(planner.webhooks().readValue());
        assertThat(body.path("text").asString())
                .isEqualTo("[#10234] Disk &lt;full&gt; &amp; slow: New ticket in Hosting");
        assertThat(body.path("blocks").size()).isEqualTo(2);
        assertThat(body.path("blocks").path(0).path("type").asString()).isEqualTo("section");
        assertThat(body.path("blocks").path(0).path("text").path("type").asString())
                .isEqualTo("mrkdwn");
        assertThat(body.path("blocks").path(0).path("text").path("text").asString())
                .isEqualTo("*<" + STAFF_LINK + "|[#10234] Disk &lt;full&gt; &amp; slow>*\nNew ticket in Hosting");
        List<String> fields = new ArrayList<>();
        body.path("blocks")
                .path(1)
                .path("fields")
                .forEach(field -> fields.add(field.path("text").asString()));
        assertThat(fields)
                .containsExactly(
                        "*Department*\nHosting",
                        "*Priority*\nNormal",
                        "*Status*\nNew",
                        "*Client*\nAlice Martin &lt;alice@customer.example&gt;");
    }

    @Test
    void shouldRenderADiscordEmbedWithoutMentions() {
        webhook("discord", WebhookKind.DISCORD, List.of(), List.of());

        planner.event(CUSTOMER, opened().build());

        JsonNode body = body(planner.webhooks().readValue());
        assertThat(body.path("content").asString()).isEqualTo("[#10234] Disk full on web-3: New ticket in Hosting");
        assertThat(body.path("allowed_mentions").toString()).isEqualTo("{\"parse\":[]}");
        JsonNode embed = body.path("embeds").path(0);
        assertThat(body.path("embeds").size()).isEqualTo(1);
        assertThat(embed.path("title").asString()).isEqualTo("[#10234] Disk full on web-3");
        assertThat(embed.path("url").asString()).isEqualTo(STAFF_LINK);
        assertThat(embed.path("description").asString()).isEqualTo("New ticket in Hosting");
        assertThat(embed.path("timestamp").asString()).isEqualTo("2025-03-03T09:01:00Z");
        List<String> fields = new ArrayList<>();
        embed.path("fields")
                .forEach(field -> fields.add(field.path("name").asString() + "="
                        + field.path("value").asString() + (field.path("inline").asBoolean() ? " (inline)" : "")));
        assertThat(fields)
                .containsExactly(
                        "Department=Hosting (inline)",
                        "Priority=Normal (inline)",
                        "Status=New (inline)",
                        "Client=Alice Martin <alice@customer.example> (inline)");
    }

    @Test
    void shouldRenderATeamsAdaptiveCard() {
        webhook("teams", WebhookKind.TEAMS, List.of(), List.of());

        planner.event(CUSTOMER, opened().build());

        JsonNode body = body(planner.webhooks().readValue());
        assertThat(body.path("type").asString()).isEqualTo("message");
        JsonNode attachment = body.path("attachments").path(0);
        assertThat(attachment.path("contentType").asString()).isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonNode card = attachment.path("content");
        assertThat(card.path("type").asString()).isEqualTo("AdaptiveCard");
        assertThat(card.path("version").asString()).isEqualTo("1.4");
        assertThat(card.path("body").path(0).path("text").asString()).isEqualTo("[#10234] Disk full on web-3");
        assertThat(card.path("body").path(1).path("text").asString()).isEqualTo("New ticket in Hosting");
        assertThat(card.path("body").path(2).path("type").asString()).isEqualTo("FactSet");
        assertThat(card.path("body").path(2).path("facts").path(3).toString())
                .isEqualTo("{\"title\":\"Client\",\"value\":\"Alice Martin <alice@customer.example>\"}");
        assertThat(card.path("actions").path(0).toString())
                .isEqualTo("{\"type\":\"Action.OpenUrl\",\"title\":\"Open ticket\",\"url\":\"" + STAFF_LINK + "\"}");
    }

    @Test
    void shouldNeverLetACustomerWrittenValuePingAChatChannel() {
        webhook("a-slack", WebhookKind.SLACK, List.of(), List.of());
        webhook("b-discord", WebhookKind.DISCORD, List.of(), List.of());
        webhook("c-teams", WebhookKind.TEAMS, List.of(), List.of());
        String subject = "<!channel> @everyone @here <@U024BE7LH> & co";

        planner.event(
                CUSTOMER,
                opened().setSubject(subject)
                        .setCustomer(new Contact("eve@customer.example", "<!here> Eve", null))
                        .build());

        List<WebhookDelivery> deliveries = planner.webhooks().readValuesToList();
        assertThat(deliveries)
                .extracting(WebhookDelivery::getWebhookId)
                .containsExactly("a-slack", "b-discord", "c-teams");
        JsonNode slack = body(deliveries.get(0));
        assertThat(slack.path("text").asString())
                .isEqualTo(
                        "[#10234] &lt;!channel&gt; @everyone @here &lt;@U024BE7LH&gt; &amp; co: New ticket in Hosting");
        assertThat(slack.path("blocks").path(0).path("text").path("text").asString())
                .isEqualTo(
                        "*<" + STAFF_LINK + "|[#10234] &lt;!channel&gt; @everyone @here &lt;@U024BE7LH&gt; &amp; co>*"
                                + "\nNew ticket in Hosting");
        assertThat(slack.path("blocks")
                        .path(1)
                        .path("fields")
                        .path(3)
                        .path("text")
                        .asString())
                .isEqualTo("*Client*\n&lt;!here&gt; Eve &lt;eve@customer.example&gt;");
        // The only angle brackets left in the Slack message are the link's own.
        assertThat(slack.toString().replace("*<" + STAFF_LINK + "|", "").replace(">*\\n", ""))
                .doesNotContain("<")
                .doesNotContain(">");

        JsonNode discord = body(deliveries.get(1));
        assertThat(discord.path("content").asString()).isEqualTo("[#10234] " + subject + ": New ticket in Hosting");
        assertThat(discord.path("allowed_mentions").toString()).isEqualTo("{\"parse\":[]}");
        assertThat(discord.path("embeds").path(0).path("title").asString()).isEqualTo("[#10234] " + subject);

        JsonNode teams = body(deliveries.get(2));
        JsonNode card = teams.path("attachments").path(0).path("content");
        assertThat(card.path("body").path(0).path("text").asString()).isEqualTo("[#10234] " + subject);
        assertThat(card.path("body").path(2).path("facts").path(3).path("value").asString())
                .isEqualTo("<!here> Eve <eve@customer.example>");
    }

    @Test
    void shouldShortenALongSubjectInChatTitlesWithoutSplittingACharacter() {
        webhook("discord", WebhookKind.DISCORD, List.of(), List.of());
        String head = "x".repeat(189);

        planner.event(
                CUSTOMER,
                opened().setSubject(head + "\uD83D\uDE00 and the rest").build());

        JsonNode embed = body(planner.webhooks().readValue()).path("embeds").path(0);
        assertThat(embed.path("title").asString()).isEqualTo("[#10234] " + head + "…");
    }

    @Test
    void shouldSendEachEventTypeToTheWebhooksThatWantIt() {
        webhook("all", WebhookKind.GENERIC_JSON, List.of(), List.of());
        webhook("closures", WebhookKind.GENERIC_JSON, List.of("ticket.closed", "ticket.resolved"), List.of());
        webhook("billing", WebhookKind.GENERIC_JSON, List.of(), List.of("billing"));
        planner.configure(
                ConfigEntityType.WEBHOOK,
                "off",
                Webhook.newBuilder()
                        .setName("off")
                        .setUrl("https://hooks.example/off")
                        .setSecretRef("s")
                        .setEnabled(false)
                        .build());

        planner.event(CUSTOMER, opened().build());
        planner.event(BOB, new PriorityChanged("normal", "urgent"));
        planner.event(
                CUSTOMER,
                customerReply("Still full", "CAF2y@mail.customer.example").build());
        planner.event(BOB, new StatusChanged("open", "resolved", LifecycleState.OPEN, LifecycleState.RESOLVED));
        planner.event(BOB, new TicketTransferred("hosting", "billing", null, null, null));
        planner.event(BOB, new TicketClosed(CloseReason.AGENT, null, "resolved", "closed"));

        assertThat(planner.webhooks().readRecordsToList())
                .extracting(record -> record.key() + " " + record.value().getDeliveryId() + " "
                        + record.value().getEventType())
                .containsExactly(
                        "all ev-10234-v1:all ticket.created",
                        "all ev-10234-v3:all ticket.customer_reply",
                        "all ev-10234-v4:all ticket.resolved",
                        "closures ev-10234-v4:closures ticket.resolved",
                        "all ev-10234-v5:all ticket.transferred",
                        "billing ev-10234-v5:billing ticket.transferred",
                        "all ev-10234-v6:all ticket.closed",
                        "billing ev-10234-v6:billing ticket.closed",
                        "closures ev-10234-v6:closures ticket.closed");
    }

    @Test
    void shouldSendAnAttachmentUploadAsASecondEventWithItsOwnIdempotencyKey() {
        webhook("files", WebhookKind.GENERIC_JSON, List.of("ticket.attachment_uploaded"), List.of());
        webhook("all", WebhookKind.GENERIC_JSON, List.of(), List.of());
        AttachmentRef report = AttachmentRef.newBuilder()
                .setAttachmentId("a1")
                .setFileName("df.txt")
                .setContentType("text/plain")
                .setSizeBytes(512)
                .setSha256("1".repeat(64))
                .setStorageKey("sha256:" + "1".repeat(64))
                .build();

        planner.event(CUSTOMER, opened().setAttachments(List.of(report)).build());
        planner.event(BOB, new AttachmentAdded(report, null));

        List<WebhookDelivery> deliveries = planner.webhooks().readValuesToList();
        assertThat(deliveries)
                .extracting(delivery ->
                        delivery.getDeliveryId() + " " + delivery.getEventId() + " " + delivery.getEventType())
                .containsExactly(
                        "ev-10234-v1:all ev-10234-v1 ticket.created",
                        "ev-10234-v1:all:ticket.attachment_uploaded ev-10234-v1:ticket.attachment_uploaded"
                                + " ticket.attachment_uploaded",
                        "ev-10234-v1:files:ticket.attachment_uploaded ev-10234-v1:ticket.attachment_uploaded"
                                + " ticket.attachment_uploaded",
                        "ev-10234-v2:all ev-10234-v2 ticket.attachment_uploaded",
                        "ev-10234-v2:files ev-10234-v2 ticket.attachment_uploaded");
        JsonNode body = body(deliveries.get(2));
        assertThat(body.path("event_id").asString()).isEqualTo("ev-10234-v1:ticket.attachment_uploaded");
        assertThat(body.path("attachments").toString())
                .isEqualTo("[{\"file_name\":\"df.txt\",\"content_type\":\"text/plain\",\"size_bytes\":512}]");
    }

    @Test
    void shouldSendNothingAboutSpam() {
        webhook("all", WebhookKind.GENERIC_JSON, List.of(), List.of());

        planner.event(CUSTOMER, opened().setSpam(true).build());
        planner.newTicket();
        planner.event("7a1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b", 10235, CUSTOMER, opened().build());
        planner.event(
                "7a1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b", 10235, BOB, new MarkedSpam("alice@customer.example", true));
        planner.event(
                "7a1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b",
                10235,
                BOB,
                new TicketClosed(CloseReason.AGENT, null, "new", "closed"));

        assertThat(planner.webhooks().readValuesToList())
                .extracting(WebhookDelivery::getDeliveryId)
                .containsExactly("ev-10235-v1:all");
    }

    @Test
    void shouldSendATestEventInTheWebhooksFormat() {
        webhook("crm", WebhookKind.GENERIC_JSON, List.of("ticket.closed"), List.of("billing"));
        webhook("slack", WebhookKind.SLACK, List.of(), List.of());
        Actor admin = new Actor(ActorKind.ADMIN, "admin", "Admin", null);

        planner.webhookTest(new WebhookTestRequest("req-1", "crm", T0.plus(Duration.ofHours(1)), admin));
        planner.webhookTest(new WebhookTestRequest("req-2", "slack", T0.plus(Duration.ofHours(1)), admin));
        planner.webhookTest(new WebhookTestRequest("req-3", "gone", T0.plus(Duration.ofHours(1)), admin));

        List<TestRecord<String, WebhookDelivery>> records = planner.webhooks().readRecordsToList();
        assertThat(records).extracting(TestRecord::key).containsExactly("crm", "slack");
        WebhookDelivery test = records.get(0).value();
        assertThat(test.getDeliveryId()).isEqualTo("req-1:crm");
        assertThat(test.getEventId()).isEqualTo("req-1");
        assertThat(test.getEventType()).isEqualTo("test");
        assertThat(test.getUrl()).isEqualTo("https://hooks.example/crm");
        assertThat(test.getFormat()).isEqualTo("GENERIC_JSON");
        assertThat(test.getSecretRef()).isEqualTo("crm-secret");
        assertThat(test.getTicketId()).isNull();
        assertThat(test.getOccurredAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(test.getSourceTopic()).isEqualTo("notifications.webhook-tests.v1");
        JsonNode body = body(test);
        assertThat(body.path("event_id").asString()).isEqualTo("req-1");
        assertThat(body.path("event_type").asString()).isEqualTo("test");
        assertThat(body.path("ticket_id").asString()).isEqualTo("00000000-0000-0000-0000-000000000000");
        assertThat(body.path("subject").asString()).isEqualTo("Test event from Acme Hosting");
        assertThat(body.path("client").path("email").asString()).isEqualTo("customer@example.com");
        assertThat(body(records.get(1).value()).path("text").asString())
                .isEqualTo("[#0] Test event from Acme Hosting: Test event");
    }

    private void webhook(String id, WebhookKind kind, List<String> eventTypes, List<String> departmentIds) {
        planner.configure(
                ConfigEntityType.WEBHOOK,
                id,
                Webhook.newBuilder()
                        .setName(id)
                        .setUrl("https://hooks.example/" + id)
                        .setKind(kind)
                        .setSecretRef(id + "-secret")
                        .setEventTypes(eventTypes)
                        .setDepartmentIds(departmentIds)
                        .build());
    }

    private static JsonNode body(WebhookDelivery delivery) {
        ByteBuffer buffer = delivery.getBody().duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return JSON.readTree(bytes);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
