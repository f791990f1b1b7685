package dev.helpstream.notifier.planner;

import static dev.helpstream.notifier.planner.PlannerDriver.ALICE;
import static dev.helpstream.notifier.planner.PlannerDriver.BOB;
import static dev.helpstream.notifier.planner.PlannerDriver.CUSTOMER;
import static dev.helpstream.notifier.planner.PlannerDriver.CUSTOMER_MESSAGE_ID;
import static dev.helpstream.notifier.planner.PlannerDriver.DOMAIN;
import static dev.helpstream.notifier.planner.PlannerDriver.SUPPORT;
import static dev.helpstream.notifier.planner.PlannerDriver.T0;
import static dev.helpstream.notifier.planner.PlannerDriver.TICKET;
import static dev.helpstream.notifier.planner.PlannerDriver.opened;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.Contact;
import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.PortalAccessLink;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.event.CcChanged;
import dev.helpstream.schema.event.DueDateChanged;
import dev.helpstream.schema.event.MarkedNotSpam;
import dev.helpstream.schema.event.MarkedSpam;
import dev.helpstream.schema.event.PriorityChanged;
import dev.helpstream.schema.event.TicketAssigned;
import dev.helpstream.schema.event.TicketDeleted;
import dev.helpstream.schema.event.TicketMergedIn;
import dev.helpstream.schema.event.TicketTransferred;
import dev.helpstream.schema.ids.MailIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The topology's shape, the ticket context it keeps, and the portal-link emails. */
class NotificationTopologyTest {

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
    void shouldNameEveryProcessorStoreAndTopic() {
        TopologyDescription description = NotificationTopology.build(NotificationTopology.Settings.defaults())
                .describe();

        assertThat(description.globalStores())
                .extracting(store -> store.source().name() + "("
                        + store.source().topicSet() + ")->" + store.processor().name() + "->"
                        + store.processor().stores())
                .containsExactly("config-source([helpdesk.config.v1])->config-updater->[config-store]");
        assertThat(description.subtopologies())
                .extracting(sub -> sub.nodes().stream()
                        .map(NotificationTopologyTest::describe)
                        .sorted()
                        .toList())
                .containsExactlyInAnyOrder(
                        List.of(
                                "agent-mails[]",
                                "context-folder[machine-tickets, ticket-context]",
                                "customer-mails[ticket-context]",
                                "email-sink->notifications.email.v1",
                                "events-source<-[tickets.events.v1]",
                                "sla-agent-mails[ticket-context]",
                                "sla-source<-[tickets.sla.v1]",
                                "sla-webhooks[ticket-context]",
                                "ticket-webhooks[]",
                                "webhook-sink->notifications.webhook.v1"),
                        List.of(
                                "portal-email-sink->notifications.email.v1",
                                "portal-link-mails[]",
                                "portal-links-source<-[notifications.portal-links.v1]"),
                        List.of(
                                "test-webhook-sink->notifications.webhook.v1",
                                "webhook-tests-source<-[notifications.webhook-tests.v1]",
                                "webhook-tests[]"));
    }

    @Test
    void shouldFoldTheTicketContextFromItsEvents() {
        Contact partner = new Contact("ops@partner.example", "Ops", null);
        Instant due = Instant.parse("2025-03-10T17:00:00Z");
        planner.event(
                CUSTOMER, opened().setLanguage("fr").setCc(List.of(partner)).build());
        planner.event(
                BOB,
                new CcChanged(
                        List.of(new Contact("cto@customer.example", null, null)), List.of("OPS@partner.example")));
        planner.event(BOB, new TicketTransferred("hosting", "billing", null, "invoices", null));
        planner.event(BOB, new TicketAssigned(null, "dave"));
        planner.event(BOB, new PriorityChanged("normal", "urgent"));
        planner.event(BOB, new DueDateChanged(null, due));
        planner.event(BOB, new MarkedSpam("alice@customer.example", false));
        planner.event(BOB, new MarkedNotSpam(null));
        planner.event(
                BOB,
                new TicketMergedIn(
                        "9a1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b",
                        10300L,
                        List.of("old@mail.customer.example", CUSTOMER_MESSAGE_ID),
                        List.of(partner)));

        Ticket context = planner.context(TICKET);
        assertThat(context.getVersion()).isEqualTo(9);
        assertThat(context.getNumber()).isEqualTo(10234);
        assertThat(context.getSubject()).isEqualTo("Disk full on web-3");
        assertThat(context.getCustomer()).isEqualTo(ALICE);
        assertThat(context.getCc()).containsExactly(new Contact("cto@customer.example", null, null), partner);
        assertThat(context.getSupportAddress()).isEqualTo(SUPPORT);
        assertThat(context.getDepartmentId()).isEqualTo("billing");
        assertThat(context.getServiceId()).isEqualTo("invoices");
        assertThat(context.getAssigneeId()).isEqualTo("dave");
        assertThat(context.getPriorityId()).isEqualTo("urgent");
        assertThat(context.getStatusId()).isEqualTo("new");
        assertThat(context.getLifecycle()).isEqualTo(LifecycleState.NEW);
        assertThat(context.getDueAt()).isEqualTo(due);
        assertThat(context.getLanguage()).isEqualTo("fr");
        assertThat(context.getSpam()).isFalse();
        assertThat(context.getEmailMessageIds())
                .containsExactly(
                        CUSTOMER_MESSAGE_ID,
                        MailIds.outbound(TICKET, "ev-10234-v1:customer", DOMAIN),
                        MailIds.outbound(TICKET, "ev-10234-v5:customer", DOMAIN),
                        MailIds.outbound(TICKET, "ev-10234-v6:customer", DOMAIN),
                        "old@mail.customer.example");
    }

    @Test
    void shouldKeepBothStoresInChangelogsSoARestartRestoresThem() {
        planner.event(CUSTOMER, opened().setAutoReplyAllowed(false).build());

        assertThat(planner.producedTopicNames())
                .contains(
                        PlannerDriver.APPLICATION_ID + "-ticket-context-changelog",
                        PlannerDriver.APPLICATION_ID + "-machine-tickets-changelog");
    }

    @Test
    void shouldForgetATicketDeletedForGoodAndIgnoreItsLaterEvents() {
        planner.event(CUSTOMER, opened().build());
        planner.emails().readValuesToList();

        planner.event(BOB, new TicketDeleted("abuse", false));
        planner.event(BOB, new PriorityChanged("normal", "urgent"));

        assertThat(planner.context(TICKET)).isNull();
        assertThat(planner.emails().isEmpty()).isTrue();
    }

    @Test
    void shouldForgetThatMachineMailOpenedATicketDeletedForGood() {
        planner.event(CUSTOMER, opened().setAutoReplyAllowed(false).build());
        assertThat(planner.machineOpening(TICKET)).isEqualTo("ev-10234-v1");

        planner.event(BOB, new TicketDeleted("abuse", true));
        assertThat(planner.machineOpening(TICKET)).isEqualTo("ev-10234-v1");

        planner.event(BOB, new TicketDeleted("abuse", false));
        assertThat(planner.machineOpening(TICKET)).isNull();
        assertThat(planner.context(TICKET)).isNull();
    }

    @Test
    void shouldEmailAPortalLinkToTheCustomerWhoAskedForIt() {
        PortalAccessLink link = PortalAccessLink.newBuilder()
                .setRequestId("link-1")
                .setEmail("alice@customer.example")
                .setUrl("https://help.acme.example/portal?token=abc.def")
                .setRequestedAt(T0.plus(Duration.ofMinutes(5)))
                .setExpiresAt(T0.plus(Duration.ofMinutes(20)))
                .setLanguage("fr-FR")
                .build();

        planner.portalLink(link);

        TestRecord<String, EmailDelivery> record = planner.emails().readRecord();
        assertThat(record.key()).isEqualTo("alice@customer.example");
        EmailDelivery mail = record.value();
        assertThat(mail.getDeliveryId()).isEqualTo("link-1:customer");
        assertThat(mail.getEventId()).isEqualTo("link-1");
        assertThat(mail.getTicketId()).isNull();
        assertThat(mail.getTicketNumber()).isZero();
        assertThat(mail.getKind()).isEqualTo("CUSTOMER_PORTAL_LINK");
        assertThat(mail.getSourceTopic()).isEqualTo("notifications.portal-links.v1");
        assertThat(mail.getFrom()).isEqualTo(new Contact("billing@acme.example", "Acme Hosting", null));
        assertThat(mail.getTo()).containsExactly(new Contact("alice@customer.example", null, null));
        assertThat(mail.getSubject()).isEqualTo("Votre lien vers Acme Hosting");
        assertThat(mail.getText()).isEqualTo("""
                Bonjour,

                Voici votre lien vers vos tickets chez Acme Hosting :
                https://help.acme.example/portal?token=abc.def

                Il ne sert qu'une fois et expire le 2025-03-03 09:20 UTC. Si vous ne l'avez pas demandé, \
                ignorez ce message.

                Acme Hosting
                """);
        assertThat(mail.getHtml())
                .contains("<a href=\"https://help.acme.example/portal?token=abc.def\">"
                        + "https://help.acme.example/portal?token=abc.def</a>");
        assertThat(mail.getMessageId()).isEqualTo(MailIds.outbound("link-1", DOMAIN));
        assertThat(mail.getInReplyTo()).isNull();
        assertThat(mail.getHeaders())
                .isEqualTo(Map.of("Auto-Submitted", "auto-generated", "X-Loop", "helpstream@" + DOMAIN));
        assertThat(mail.getLanguage()).isEqualTo("fr");
        assertThat(planner.emails().isEmpty()).isTrue();
    }

    @Test
    void shouldNotEmailAnExpiredPortalLink() {
        planner.portalLink(PortalAccessLink.newBuilder()
                .setRequestId("link-2")
                .setEmail("alice@customer.example")
                .setUrl("https://help.acme.example/portal?token=old")
                .setRequestedAt(T0.plus(Duration.ofMinutes(30)))
                .setExpiresAt(T0.plus(Duration.ofMinutes(20)))
                .build());

        assertThat(planner.emails().isEmpty()).isTrue();
    }

    private static String describe(TopologyDescription.Node node) {
        if (node instanceof TopologyDescription.Source source) {
            return source.name() + "<-" + source.topicSet();
        }
        if (node instanceof TopologyDescription.Sink sink) {
            return sink.name() + "->" + sink.topic();
        }
        return node.name() + new TreeSet<>(((TopologyDescription.Processor) node).stores());
    }
}
