package dev.helpstream.notifier.planner;

import static dev.helpstream.notifier.planner.PlannerDriver.BOB;
import static dev.helpstream.notifier.planner.PlannerDriver.CUSTOMER;
import static dev.helpstream.notifier.planner.PlannerDriver.DOMAIN;
import static dev.helpstream.notifier.planner.PlannerDriver.SUPPORT;
import static dev.helpstream.notifier.planner.PlannerDriver.TICKET;
import static dev.helpstream.notifier.planner.PlannerDriver.agent;
import static dev.helpstream.notifier.planner.PlannerDriver.opened;
import static dev.helpstream.notifier.planner.PlannerDriver.settings;
import static dev.helpstream.notifier.planner.PlannerDriver.slaEvent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaEventKind;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.WebhookDelivery;
import dev.helpstream.schema.config.AgentNotificationPreferences;
import dev.helpstream.schema.config.BusinessCalendar;
import dev.helpstream.schema.config.CustomerNotificationSettings;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.EmailTemplate;
import dev.helpstream.schema.config.EmailTemplateKind;
import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.schema.config.SlaTarget;
import dev.helpstream.schema.config.Webhook;
import dev.helpstream.schema.config.WebhookKind;
import dev.helpstream.schema.event.MarkedSpam;
import dev.helpstream.schema.ids.MailIds;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SLA warnings and breaches: who is emailed, in which words and time zone, which webhooks hear of
 * the escalation, and what the planner ignores.
 */
class SlaNotificationsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String STAFF_LINK = "https://help.acme.example/staff/tickets/" + TICKET;
    /** 14:30 in Paris (UTC+1 until the end of March). */
    private static final Instant DUE = Instant.parse("2025-03-03T13:30:00Z");

    private PlannerDriver planner;

    @BeforeEach
    void start() {
        planner = new PlannerDriver();
        // Only the SLA's mails are this test's subject.
        planner.helpdesk(settings()
                .setCustomerNotifications(
                        new CustomerNotificationSettings(false, false, false, false, false, false, false, false, false))
                .build());
        planner.configure(
                ConfigEntityType.SLA_POLICY,
                "gold",
                SlaPolicy.newBuilder()
                        .setName("Gold")
                        .setOrder(1)
                        .setCalendarId("paris")
                        .setTargets(List.of(
                                SlaTarget.newBuilder()
                                        .setMetric(SlaMetric.FIRST_RESPONSE)
                                        .setDurationMinutes(240)
                                        .build(),
                                SlaTarget.newBuilder()
                                        .setMetric(SlaMetric.STATUS_REACHED)
                                        .setDurationMinutes(480)
                                        .setStatusId("resolved")
                                        .build()))
                        .build());
        planner.configure(
                ConfigEntityType.BUSINESS_CALENDAR,
                "paris",
                BusinessCalendar.newBuilder()
                        .setName("Paris office")
                        .setTimeZoneId("Europe/Paris")
                        .build());
    }

    @AfterEach
    void stop() {
        planner.close();
    }

    @Test
    void shouldEmailEachAgentOfTheDepartmentAndTheAssigneeOnceAboutAWarning() {
        // Hosting notifies Bob and Carol of new tickets; its team lists Frank (support team) and
        // Grace (a manager off the team, who does not list Hosting); Carol and Erin list Hosting.
        planner.configure(
                ConfigEntityType.DEPARTMENT,
                "hosting",
                Department.newBuilder()
                        .setName("Hosting")
                        .setNotifyAgentIds(List.of("bob", "carol"))
                        .setAgentIds(List.of("frank", "grace"))
                        .build());
        planner.configure(
                ConfigEntityType.AGENT,
                "carol",
                agent("Carol Agent", "carol@acme.example")
                        .setDepartmentIds(List.of("hosting"))
                        .build());
        planner.configure(
                ConfigEntityType.AGENT,
                "erin",
                agent("Erin Night", "erin@acme.example")
                        .setDepartmentIds(List.of("billing", "hosting"))
                        .build());
        planner.configure(
                ConfigEntityType.AGENT,
                "frank",
                agent("Frank Ops", "frank@acme.example").build());
        planner.configure(
                ConfigEntityType.AGENT,
                "grace",
                agent("Grace Lead", "grace@acme.example").setSupportTeam(false).build());
        planner.event(CUSTOMER, opened().build());
        planner.emails().readValuesToList();

        planner.sla(slaEvent(SlaEventKind.WARNING, SlaMetric.FIRST_RESPONSE, DUE)
                .setAssigneeId("dave")
                .build());

        List<TestRecord<String, EmailDelivery>> records = planner.emails().readRecordsToList();
        assertThat(records).extracting(TestRecord::key).containsOnly(TICKET);
        assertThat(records)
                .extracting(record -> record.value().getDeliveryId())
                .containsExactly(
                        "sla-warning-first_response:agent:bob",
                        "sla-warning-first_response:agent:carol",
                        "sla-warning-first_response:agent:frank",
                        "sla-warning-first_response:agent:erin",
                        "sla-warning-first_response:agent:dave");
        assertThat(records)
                .extracting(record -> record.value().getTo().get(0).getEmail())
                .containsExactly(
                        "bob@acme.example",
                        "carol@acme.example",
                        "frank@acme.example",
                        "erin@acme.example",
                        "dave@acme.example");
        EmailDelivery bob = records.get(0).value();
        assertThat(records.get(0).timestamp())
                .isEqualTo(Instant.parse("2025-03-03T12:10:00Z").toEpochMilli());
        assertThat(bob.getEventId()).isEqualTo("sla-warning-first_response");
        assertThat(bob.getTicketId()).isEqualTo(TICKET);
        assertThat(bob.getTicketNumber()).isEqualTo(10234);
        assertThat(bob.getKind()).isEqualTo("AGENT_SLA_WARNING");
        assertThat(bob.getPlannedAt()).isEqualTo(Instant.parse("2025-03-03T12:10:00Z"));
        assertThat(bob.getSourceTopic()).isEqualTo("tickets.sla.v1");
        assertThat(bob.getFrom()).isEqualTo(new Contact(SUPPORT, "Acme Hosting", null));
        assertThat(bob.getTo()).containsExactly(new Contact("bob@acme.example", "Bob Agent", null));
        assertThat(bob.getCc()).isEmpty();
        assertThat(bob.getSubject())
                .isEqualTo("[#10234] SLA warning: first response due 2025-03-03 14:30 (Europe/Paris)"
                        + " — Disk full on web-3");
        assertThat(bob.getText()).isEqualTo("""
                Hello Bob Agent,

                Ticket #10234 "Disk full on web-3" (Hosting, priority Normal) is close to its first \
                response deadline.

                Due: 2025-03-03 14:30 (Europe/Paris), 1 h 20 min left
                SLA policy: Gold
                Assignee: Dave Billing

                %s
                """.formatted(STAFF_LINK));
        assertThat(bob.getHtml())
                .contains("<p>Due: 2025-03-03 14:30 (Europe/Paris), 1 h 20 min left<br>\nSLA policy: Gold<br>\n"
                        + "Assignee: Dave Billing</p>")
                .contains("<a href=\"" + STAFF_LINK + "\">" + STAFF_LINK + "</a>");
        assertThat(bob.getMessageId())
                .isEqualTo(MailIds.outbound(TICKET, "sla-warning-first_response:agent:bob", DOMAIN));
        assertThat(bob.getInReplyTo()).isNull();
        assertThat(bob.getHeaders())
                .isEqualTo(Map.of("Auto-Submitted", "auto-generated", "X-Loop", "helpstream@" + DOMAIN));
        assertThat(bob.getLanguage()).isEqualTo("en");
        assertThat(records.get(4).value().getText()).startsWith("Hello Dave Billing,\n");
        assertThat(planner.emails().isEmpty()).isTrue();
    }

    @Test
    void shouldEmailABreachInTheAgentsLanguageWithTheDueTimeInUtcWhenThePolicyHasNoCalendar() {
        planner.configure(
                ConfigEntityType.SLA_POLICY,
                "gold",
                SlaPolicy.newBuilder().setName("Gold 24x7").setOrder(1).build());
        planner.configure(
                ConfigEntityType.AGENT,
                "bob",
                agent("Bob Agent", "bob@acme.example").setLanguage("fr-FR").build());
        planner.event(CUSTOMER, opened().build());
        planner.emails().readValuesToList();

        planner.sla(slaEvent(SlaEventKind.BREACH, SlaMetric.RESOLUTION, DUE)
                .setRemainingBusinessMillis(-330_000L)
                .build());

        List<EmailDelivery> mails = planner.emails().readValuesToList();
        assertThat(mails)
                .extracting(EmailDelivery::getDeliveryId)
                .containsExactly("sla-breach-resolution:agent:bob", "sla-breach-resolution:agent:carol");
        EmailDelivery bob = mails.get(0);
        assertThat(bob.getKind()).isEqualTo("AGENT_SLA_BREACH");
        assertThat(bob.getLanguage()).isEqualTo("fr");
        assertThat(bob.getSubject())
                .isEqualTo("[#10234] Dépassement SLA : résolution, échéance le 2025-03-03 13:30 (UTC)"
                        + " — Disk full on web-3");
        assertThat(bob.getText()).isEqualTo("""
                Bonjour Bob Agent,

                Le ticket #10234 « Disk full on web-3 » (Hosting, priorité Normal) a dépassé son \
                échéance de résolution.

                Échéance : 2025-03-03 13:30 (UTC), en retard de 5 min
                Politique SLA : Gold 24x7
                Assigné à : —

                %s
                """.formatted(STAFF_LINK));
        EmailDelivery carol = mails.get(1);
        assertThat(carol.getLanguage()).isEqualTo("en");
        assertThat(carol.getSubject())
                .isEqualTo("[#10234] SLA breach: resolution was due 2025-03-03 13:30 (UTC) — Disk full on web-3");
        assertThat(carol.getText())
                .contains("has missed its resolution deadline.\n\nDue: 2025-03-03 13:30 (UTC), overdue by 5 min\n");
    }

    @Test
    void shouldNameTheStatusOfAStatusTargetFromThePolicy() {
        planner.event(CUSTOMER, opened().build());
        planner.emails().readValuesToList();

        planner.sla(slaEvent(SlaEventKind.BREACH, SlaMetric.STATUS_REACHED, DUE).build());

        EmailDelivery bob = planner.emails().readValuesToList().get(0);
        assertThat(bob.getSubject())
                .isEqualTo("[#10234] SLA breach: status \"Resolved\" was due 2025-03-03 14:30 (Europe/Paris)"
                        + " — Disk full on web-3");
        assertThat(bob.getText()).contains("Due: 2025-03-03 14:30 (Europe/Paris), overdue\n");
    }

    @Test
    void shouldFollowEachAgentsSlaSwitchesAndSkipInactiveAgents() {
        planner.configure(
                ConfigEntityType.AGENT,
                "bob",
                agent("Bob Agent", "bob@acme.example")
                        .setNotifications(AgentNotificationPreferences.newBuilder()
                                .setSlaWarning(false)
                                .build())
                        .build());
        planner.configure(
                ConfigEntityType.AGENT,
                "carol",
                agent("Carol Agent", "carol@acme.example").setActive(false).build());
        planner.configure(
                ConfigEntityType.AGENT,
                "dave",
                agent("Dave Billing", "dave@acme.example")
                        .setNotifications(AgentNotificationPreferences.newBuilder()
                                .setSlaBreach(false)
                                .build())
                        .build());
        planner.event(CUSTOMER, opened().build());
        planner.emails().readValuesToList();

        planner.sla(slaEvent(SlaEventKind.WARNING, SlaMetric.FIRST_RESPONSE, DUE)
                .setAssigneeId("dave")
                .build());
        planner.sla(slaEvent(SlaEventKind.BREACH, SlaMetric.FIRST_RESPONSE, DUE)
                .setAssigneeId("dave")
                .build());

        assertThat(planner.emails().readValuesToList())
                .extracting(EmailDelivery::getDeliveryId)
                .containsExactly("sla-warning-first_response:agent:dave", "sla-breach-first_response:agent:bob");
    }

    @Test
    void shouldUseTheAdminsTemplateForSlaMails() {
        planner.configure(
                ConfigEntityType.EMAIL_TEMPLATE,
                "AGENT_SLA_WARNING-en",
                EmailTemplate.newBuilder()
                        .setKind(EmailTemplateKind.AGENT_SLA_WARNING)
                        .setLanguage("en")
                        .setSubject("Hurry: {{sla.metric}} by {{sla.due}}")
                        .setText("{{agent.name}}: {{sla.remaining}} ({{sla.policy}}) on {{ticket.subject}}")
                        .build());
        planner.event(CUSTOMER, opened().build());
        planner.emails().readValuesToList();

        planner.sla(slaEvent(SlaEventKind.WARNING, SlaMetric.NEXT_RESPONSE, DUE).build());

        EmailDelivery bob = planner.emails().readValuesToList().get(0);
        assertThat(bob.getSubject()).isEqualTo("[#10234] Hurry: next response by 2025-03-03 14:30 (Europe/Paris)");
        assertThat(bob.getText()).isEqualTo("Bob Agent: 1 h 20 min left (Gold) on Disk full on web-3");
    }

    @Test
    void shouldPlanADuplicateSlaEventWithTheSameDeliveryIdsSoItIsSentOnce() {
        webhook("crm", WebhookKind.GENERIC_JSON, List.of(), List.of());
        planner.event(CUSTOMER, opened().build());
        planner.emails().readValuesToList();
        planner.webhooks().readValuesToList();
        SlaEvent breach =
                slaEvent(SlaEventKind.BREACH, SlaMetric.FIRST_RESPONSE, DUE).build();

        planner.sla(breach);
        List<EmailDelivery> first = planner.emails().readValuesToList();
        List<WebhookDelivery> firstCalls = planner.webhooks().readValuesToList();
        planner.sla(breach);
        List<EmailDelivery> again = planner.emails().readValuesToList();
        List<WebhookDelivery> againCalls = planner.webhooks().readValuesToList();

        assertThat(first)
                .extracting(EmailDelivery::getDeliveryId)
                .containsExactly("sla-breach-first_response:agent:bob", "sla-breach-first_response:agent:carol");
        // The deliverers send once per delivery id: the replay's mails and call are the same ones,
        // only read from another offset.
        assertThat(again)
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("sourceOffset")
                .containsExactlyElementsOf(first);
        assertThat(firstCalls)
                .extracting(WebhookDelivery::getDeliveryId)
                .containsExactly("sla-breach-first_response:crm");
        assertThat(againCalls)
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("sourceOffset")
                .containsExactlyElementsOf(firstCalls);
        assertThat(again.get(0).getSourceOffset()).isEqualTo(first.get(0).getSourceOffset() + 1);
    }

    @Test
    void shouldSkipAnEscalationOfATicketThePlannerDoesNotKnow() {
        webhook("crm", WebhookKind.GENERIC_JSON, List.of(), List.of());

        planner.sla(slaEvent(SlaEventKind.BREACH, SlaMetric.FIRST_RESPONSE, DUE).build());

        assertThat(planner.emails().isEmpty()).isTrue();
        assertThat(planner.webhooks().isEmpty()).isTrue();
    }

    @Test
    void shouldSkipAnEscalationOfASpamTicket() {
        webhook("crm", WebhookKind.GENERIC_JSON, List.of(), List.of());
        planner.event(CUSTOMER, opened().build());
        planner.event(BOB, new MarkedSpam("alice@customer.example", false));
        planner.emails().readValuesToList();
        planner.webhooks().readValuesToList();

        planner.sla(slaEvent(SlaEventKind.BREACH, SlaMetric.FIRST_RESPONSE, DUE).build());

        assertThat(planner.emails().isEmpty()).isTrue();
        assertThat(planner.webhooks().isEmpty()).isTrue();
    }

    @Test
    void shouldPlanNothingForSlaEventsOtherThanWarningsAndBreaches() {
        webhook("crm", WebhookKind.GENERIC_JSON, List.of(), List.of());
        planner.event(CUSTOMER, opened().build());
        planner.emails().readValuesToList();
        planner.webhooks().readValuesToList();

        for (SlaEventKind kind : List.of(
                SlaEventKind.TARGETS_SET,
                SlaEventKind.MET,
                SlaEventKind.PAUSED,
                SlaEventKind.RESUMED,
                SlaEventKind.CLEARED,
                SlaEventKind.AUTO_CLOSE_DUE,
                SlaEventKind.REOPEN_WINDOW_EXPIRED,
                SlaEventKind.UNKNOWN)) {
            planner.sla(slaEvent(kind, SlaMetric.FIRST_RESPONSE, DUE).build());
        }

        assertThat(planner.emails().isEmpty()).isTrue();
        assertThat(planner.webhooks().isEmpty()).isTrue();
    }

    @Test
    void shouldSendTicketEscalatedToEachSubscribedWebhookWithTheSlaObject() {
        webhook("crm", WebhookKind.GENERIC_JSON, List.of(), List.of());
        webhook("escalations", WebhookKind.GENERIC_JSON, List.of("ticket.escalated"), List.of("hosting"));
        webhook("created-only", WebhookKind.GENERIC_JSON, List.of("ticket.created"), List.of());
        webhook("billing-only", WebhookKind.GENERIC_JSON, List.of(), List.of("billing"));
        planner.configure(
                ConfigEntityType.WEBHOOK,
                "disabled",
                Webhook.newBuilder()
                        .setName("disabled")
                        .setUrl("https://hooks.example/disabled")
                        .setSecretRef("disabled-secret")
                        .setEnabled(false)
                        .build());
        planner.event(CUSTOMER, opened().build());
        planner.webhooks().readValuesToList();

        planner.sla(slaEvent(SlaEventKind.WARNING, SlaMetric.FIRST_RESPONSE, DUE)
                .setAssigneeId("bob")
                .build());

        List<TestRecord<String, WebhookDelivery>> records = planner.webhooks().readRecordsToList();
        assertThat(records).extracting(TestRecord::key).containsExactly("crm", "escalations");
        WebhookDelivery crm = records.get(0).value();
        assertThat(crm.getDeliveryId()).isEqualTo("sla-warning-first_response:crm");
        assertThat(crm.getEventId()).isEqualTo("sla-warning-first_response");
        assertThat(crm.getEventType()).isEqualTo("ticket.escalated");
        assertThat(crm.getWebhookId()).isEqualTo("crm");
        assertThat(crm.getUrl()).isEqualTo("https://hooks.example/crm");
        assertThat(crm.getFormat()).isEqualTo("GENERIC_JSON");
        assertThat(crm.getSecretRef()).isEqualTo("crm-secret");
        assertThat(crm.getTicketId()).isEqualTo(TICKET);
        assertThat(crm.getOccurredAt()).isEqualTo(Instant.parse("2025-03-03T12:10:00Z"));
        assertThat(crm.getSourceTopic()).isEqualTo("tickets.sla.v1");
        assertThat(crm.getContentType()).isEqualTo("application/json");
        JsonNode body = body(crm);
        List<String> names = new ArrayList<>();
        body.propertyNames().forEach(names::add);
        assertThat(names)
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
                        "url",
                        "sla");
        assertThat(body.path("event_id").asString()).isEqualTo("sla-warning-first_response");
        assertThat(body.path("event_type").asString()).isEqualTo("ticket.escalated");
        assertThat(body.path("occurred_at").asString()).isEqualTo("2025-03-03T12:10:00Z");
        assertThat(body.path("ticket_id").asString()).isEqualTo(TICKET);
        assertThat(body.path("ticket_number").asLong()).isEqualTo(10234);
        assertThat(body.path("subject").asString()).isEqualTo("Disk full on web-3");
        assertThat(body.path("department").toString()).isEqualTo("{\"id\":\"hosting\",\"name\":\"Hosting\"}");
        assertThat(body.path("status").toString()).isEqualTo("{\"id\":\"new\",\"name\":\"New\"}");
        assertThat(body.path("url").asString()).isEqualTo(STAFF_LINK);
        assertThat(body.path("sla").toString())
                .isEqualTo("{\"kind\":\"warning\",\"metric\":\"first_response\",\"policy_id\":\"gold\","
                        + "\"policy_name\":\"Gold\",\"due_at\":\"2025-03-03T13:30:00Z\","
                        + "\"warn_at\":\"2025-03-03T12:10:00Z\",\"remaining_business_millis\":4800000}");
        assertThat(records.get(1).value().getDeliveryId()).isEqualTo("sla-warning-first_response:escalations");
        assertThat(body(records.get(1).value())).isEqualTo(body);
    }

    @Test
    void shouldSendTheEscalationToAWebhookOfTheDepartmentTheSlaEventNames() {
        webhook("billing-only", WebhookKind.GENERIC_JSON, List.of(), List.of("billing"));
        planner.event(CUSTOMER, opened().build());
        planner.webhooks().readValuesToList();

        planner.sla(slaEvent(SlaEventKind.BREACH, SlaMetric.FIRST_RESPONSE, DUE)
                .setDepartmentId("billing")
                .build());

        WebhookDelivery call = planner.webhooks().readValue();
        assertThat(call.getDeliveryId()).isEqualTo("sla-breach-first_response:billing-only");
        JsonNode body = body(call);
        assertThat(body.path("department").toString()).isEqualTo("{\"id\":\"billing\",\"name\":\"Billing\"}");
        assertThat(body.path("sla").path("kind").asString()).isEqualTo("breach");
        assertThat(body.path("sla").path("remaining_business_millis").asLong()).isZero();
        assertThat(planner.webhooks().isEmpty()).isTrue();
    }

    @Test
    void shouldRenderTheEscalationAsOneLineInSlackDiscordAndTeams() {
        webhook("slack", WebhookKind.SLACK, List.of("ticket.escalated"), List.of());
        webhook("discord", WebhookKind.DISCORD, List.of("ticket.escalated"), List.of());
        webhook("teams", WebhookKind.TEAMS, List.of("ticket.escalated"), List.of());
        planner.event(CUSTOMER, opened().build());

        planner.sla(slaEvent(SlaEventKind.BREACH, SlaMetric.FIRST_RESPONSE, DUE).build());

        List<WebhookDelivery> calls = planner.webhooks().readValuesToList();
        assertThat(calls).extracting(WebhookDelivery::getWebhookId).containsExactly("discord", "slack", "teams");
        String line = "SLA breach: first response was due 2025-03-03 14:30 (Europe/Paris)";
        assertThat(body(calls.get(0)).path("content").asString()).isEqualTo("[#10234] Disk full on web-3: " + line);
        assertThat(body(calls.get(0)).path("embeds").path(0).path("description").asString())
                .isEqualTo(line);
        assertThat(body(calls.get(1)).path("text").asString()).isEqualTo("[#10234] Disk full on web-3: " + line);
        assertThat(body(calls.get(2))
                        .path("attachments")
                        .path(0)
                        .path("content")
                        .path("body")
                        .path(1)
                        .path("text")
                        .asString())
                .isEqualTo(line);
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
}
