package dev.helpstream.notifier.planner;

import static dev.helpstream.notifier.planner.PlannerDriver.BILLING_ADDRESS;
import static dev.helpstream.notifier.planner.PlannerDriver.BOB;
import static dev.helpstream.notifier.planner.PlannerDriver.CAROL;
import static dev.helpstream.notifier.planner.PlannerDriver.CUSTOMER;
import static dev.helpstream.notifier.planner.PlannerDriver.DOMAIN;
import static dev.helpstream.notifier.planner.PlannerDriver.ROUTING;
import static dev.helpstream.notifier.planner.PlannerDriver.SUPPORT;
import static dev.helpstream.notifier.planner.PlannerDriver.TICKET;
import static dev.helpstream.notifier.planner.PlannerDriver.agent;
import static dev.helpstream.notifier.planner.PlannerDriver.customerReply;
import static dev.helpstream.notifier.planner.PlannerDriver.opened;
import static dev.helpstream.notifier.planner.PlannerDriver.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.config.AgentNotificationPreferences;
import dev.helpstream.schema.config.CustomerNotificationSettings;
import dev.helpstream.schema.event.NoteAdded;
import dev.helpstream.schema.event.TicketAssigned;
import dev.helpstream.schema.event.TicketCaptured;
import dev.helpstream.schema.event.TicketTransferred;
import dev.helpstream.schema.ids.MailIds;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The staff's emails: who hears about what, and never about what they did themselves. */
class AgentMailsTest {

    private static final String STAFF_LINK = "https://help.acme.example/staff/tickets/" + TICKET;

    private PlannerDriver planner;

    @BeforeEach
    void start() {
        planner = new PlannerDriver();
        // Customers' emails are another test's subject.
        planner.helpdesk(settings()
                .setCustomerNotifications(
                        new CustomerNotificationSettings(false, false, false, false, false, false, false, false, false))
                .build());
    }

    @AfterEach
    void stop() {
        planner.close();
    }

    @Test
    void shouldTellTheDepartmentsAgentsAboutANewTicket() {
        planner.event(CUSTOMER, opened().build());

        List<TestRecord<String, EmailDelivery>> records = planner.emails().readRecordsToList();
        assertThat(records).extracting(TestRecord::key).containsExactly(TICKET, TICKET);
        EmailDelivery bob = records.get(0).value();
        assertThat(bob.getDeliveryId()).isEqualTo("ev-10234-v1:agent:bob");
        assertThat(bob.getEventId()).isEqualTo("ev-10234-v1");
        assertThat(bob.getKind()).isEqualTo("AGENT_NEW_TICKET");
        assertThat(bob.getFrom()).isEqualTo(new Contact(SUPPORT, "Acme Hosting", null));
        assertThat(bob.getTo()).containsExactly(new Contact("bob@acme.example", "Bob Agent", null));
        assertThat(bob.getCc()).isEmpty();
        assertThat(bob.getSubject()).isEqualTo("[#10234] New ticket in Hosting: Disk full on web-3");
        assertThat(bob.getText()).isEqualTo("""
                Hello Bob Agent,

                Alice Martin <alice@customer.example> opened ticket #10234 in Hosting (priority Normal).

                /var is at 100%%

                %s
                """.formatted(STAFF_LINK));
        assertThat(bob.getHtml())
                .contains("<p>Alice Martin &lt;alice@customer.example&gt; opened ticket #10234 in Hosting"
                        + " (priority Normal).</p>");
        assertThat(bob.getMessageId()).isEqualTo(MailIds.outbound(TICKET, "ev-10234-v1:agent:bob", DOMAIN));
        assertThat(bob.getInReplyTo()).isNull();
        assertThat(bob.getReferences()).isEmpty();
        assertThat(bob.getHeaders())
                .isEqualTo(Map.of("Auto-Submitted", "auto-generated", "X-Loop", "helpstream@" + DOMAIN));
        assertThat(bob.getLanguage()).isEqualTo("en");
        EmailDelivery carol = records.get(1).value();
        assertThat(carol.getDeliveryId()).isEqualTo("ev-10234-v1:agent:carol");
        assertThat(carol.getTo()).containsExactly(new Contact("carol@acme.example", "Carol Agent", null));
        assertThat(carol.getText()).startsWith("Hello Carol Agent,\n");
        assertThat(planner.emails().isEmpty()).isTrue();
    }

    @Test
    void shouldTellTheOtherDepartmentAboutATicketAlsoAddressedToIt() {
        planner.event(
                CUSTOMER,
                opened().setOtherSupportAddresses(List.of(BILLING_ADDRESS)).build());

        List<EmailDelivery> mails = planner.emails().readValuesToList();
        assertThat(mails)
                .extracting(EmailDelivery::getDeliveryId)
                .containsExactly("ev-10234-v1:agent:bob", "ev-10234-v1:agent:carol", "ev-10234-v1:agent:dave");
        EmailDelivery dave = mails.get(2);
        assertThat(dave.getKind()).isEqualTo("AGENT_ALSO_ADDRESSED");
        assertThat(dave.getTo()).containsExactly(new Contact("dave@acme.example", "Dave Billing", null));
        assertThat(dave.getSubject()).isEqualTo("[#10234] Also sent to billing@acme.example: Disk full on web-3");
        assertThat(dave.getText())
                .contains("A message from Alice Martin <alice@customer.example> was also addressed to"
                        + " billing@acme.example. It became one ticket, #10234, filed in Hosting.");
    }

    @Test
    void shouldSkipInactiveAgentsAndThoseWhoDoNotWantTheEmail() {
        planner.configure(
                ConfigEntityType.AGENT,
                "bob",
                agent("Bob Agent", "bob@acme.example").setActive(false).build());
        planner.configure(
                ConfigEntityType.AGENT,
                "carol",
                agent("Carol Agent", "carol@acme.example")
                        .setNotifications(AgentNotificationPreferences.newBuilder()
                                .setNewTicketInDepartment(false)
                                .build())
                        .build());

        planner.event(CUSTOMER, opened().build());

        assertThat(planner.emails().isEmpty()).isTrue();
    }

    @Test
    void shouldTellAnAgentOfAnAssignmentBySomeoneElseOnly() {
        planner.configure(ConfigEntityType.DEPARTMENT, "hosting", department());
        planner.event(CUSTOMER, opened().build());

        planner.event(BOB, new TicketAssigned(null, "carol"));
        planner.event(CAROL, new TicketAssigned("carol", "bob"));
        planner.event(BOB, new TicketAssigned("bob", "bob"));
        planner.event(CAROL, new TicketCaptured("carol"));
        planner.event(BOB, new TicketCaptured("carol"));

        List<EmailDelivery> mails = planner.emails().readValuesToList();
        assertThat(mails)
                .extracting(EmailDelivery::getDeliveryId)
                .containsExactly("ev-10234-v2:agent:carol", "ev-10234-v3:agent:bob", "ev-10234-v6:agent:carol");
        assertThat(mails).extracting(EmailDelivery::getKind).containsOnly("AGENT_TICKET_ASSIGNED");
        assertThat(mails.get(0).getSubject()).isEqualTo("[#10234] Assigned to you: Disk full on web-3");
        assertThat(mails.get(0).getText())
                .contains("Bob Agent assigned ticket #10234 \"Disk full on web-3\" (Hosting, priority Normal) to you.");
    }

    @Test
    void shouldTellTheNewDepartmentAboutATransfer() {
        planner.event(CUSTOMER, opened().build());
        planner.emails().readValuesToList();

        planner.event(BOB, new TicketTransferred("hosting", "billing", null, null, "an invoice question"));

        EmailDelivery dave = planner.emails().readValue();
        assertThat(dave.getDeliveryId()).isEqualTo("ev-10234-v2:agent:dave");
        assertThat(dave.getKind()).isEqualTo("AGENT_TICKET_TRANSFERRED");
        assertThat(dave.getSubject()).isEqualTo("[#10234] Transferred to Billing: Disk full on web-3");
        assertThat(dave.getText())
                .contains("Bob Agent transferred ticket #10234 \"Disk full on web-3\" from Hosting to Billing.");
        assertThat(planner.emails().isEmpty()).isTrue();
    }

    @Test
    void shouldTellTheAssigneeOfACustomerReplyAndOfSomeoneElsesNote() {
        planner.configure(ConfigEntityType.DEPARTMENT, "hosting", department());
        planner.event(CUSTOMER, opened().setAssigneeId("bob").build());
        planner.emails().readValuesToList();

        planner.event(
                CUSTOMER,
                customerReply("Still full", "CAF2y@mail.customer.example").build());
        planner.event(
                CAROL,
                new NoteAdded(
                        "n1", MessageBody.newBuilder().setText("Disk is 2 TB").build(), List.of()));
        planner.event(
                BOB,
                new NoteAdded(
                        "n2", MessageBody.newBuilder().setText("Ordering one").build(), List.of()));

        List<EmailDelivery> mails = planner.emails().readValuesToList();
        assertThat(mails)
                .extracting(EmailDelivery::getDeliveryId)
                .containsExactly("ev-10234-v2:agent:bob", "ev-10234-v3:agent:bob");
        assertThat(mails)
                .extracting(EmailDelivery::getKind)
                .containsExactly("AGENT_CUSTOMER_REPLY", "AGENT_NOTE_ADDED");
        assertThat(mails.get(0).getText())
                .contains("Alice Martin replied on ticket #10234 \"Disk full on web-3\":\n\nStill full\n");
        assertThat(mails.get(1).getText())
                .contains("Carol Agent added a note to ticket #10234 \"Disk full on web-3\":\n\nDisk is 2 TB\n");
    }

    @Test
    void shouldTellTheAssigneeOfANewTicketOnceAndWriteInTheirLanguage() {
        planner.configure(
                ConfigEntityType.AGENT,
                "bob",
                agent("Bob Agent", "bob@acme.example").setLanguage("fr").build());

        planner.event(ROUTING, opened().setAssigneeId("bob").build());

        List<EmailDelivery> mails = planner.emails().readValuesToList();
        assertThat(mails)
                .extracting(EmailDelivery::getDeliveryId)
                .containsExactly("ev-10234-v1:agent:bob", "ev-10234-v1:agent:carol");
        assertThat(mails.get(0).getKind()).isEqualTo("AGENT_NEW_TICKET");
        assertThat(mails.get(0).getLanguage()).isEqualTo("fr");
        assertThat(mails.get(0).getSubject()).isEqualTo("[#10234] Nouveau ticket dans Hosting : Disk full on web-3");
        assertThat(mails.get(1).getLanguage()).isEqualTo("en");
    }

    @Test
    void shouldSendNoAgentMailAboutSpam() {
        planner.event(CUSTOMER, opened().setSpam(true).build());

        assertThat(planner.emails().isEmpty()).isTrue();
    }

    private static dev.helpstream.schema.config.Department department() {
        return dev.helpstream.schema.config.Department.newBuilder()
                .setName("Hosting")
                .build();
    }
}
