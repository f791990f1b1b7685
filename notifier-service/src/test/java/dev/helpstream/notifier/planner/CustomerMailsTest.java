package dev.helpstream.notifier.planner;

import static dev.helpstream.notifier.planner.PlannerDriver.ALICE;
import static dev.helpstream.notifier.planner.PlannerDriver.BILLING_ADDRESS;
import static dev.helpstream.notifier.planner.PlannerDriver.BOB;
import static dev.helpstream.notifier.planner.PlannerDriver.CUSTOMER;
import static dev.helpstream.notifier.planner.PlannerDriver.CUSTOMER_MESSAGE_ID;
import static dev.helpstream.notifier.planner.PlannerDriver.DOMAIN;
import static dev.helpstream.notifier.planner.PlannerDriver.ROUTING;
import static dev.helpstream.notifier.planner.PlannerDriver.SUPPORT;
import static dev.helpstream.notifier.planner.PlannerDriver.TICKET;
import static dev.helpstream.notifier.planner.PlannerDriver.agent;
import static dev.helpstream.notifier.planner.PlannerDriver.customerReply;
import static dev.helpstream.notifier.planner.PlannerDriver.opened;
import static dev.helpstream.notifier.planner.PlannerDriver.reply;
import static dev.helpstream.notifier.planner.PlannerDriver.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.AttachmentRef;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.config.CannedResponse;
import dev.helpstream.schema.config.CustomerNotificationSettings;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.EmailTemplate;
import dev.helpstream.schema.config.EmailTemplateKind;
import dev.helpstream.schema.event.CategoryChanged;
import dev.helpstream.schema.event.CloseReason;
import dev.helpstream.schema.event.DueDateChanged;
import dev.helpstream.schema.event.PriorityChanged;
import dev.helpstream.schema.event.ReopenTrigger;
import dev.helpstream.schema.event.StatusChanged;
import dev.helpstream.schema.event.TicketClosed;
import dev.helpstream.schema.event.TicketReopened;
import dev.helpstream.schema.ids.MailIds;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The customer's emails: which events send one, to whom, rendered how, threaded how. */
class CustomerMailsTest {

    private static final String LINK = "https://help.acme.example/portal/tickets/" + TICKET;
    private static final String LOOP = "helpstream@" + DOMAIN;

    private PlannerDriver planner;

    @BeforeEach
    void start() {
        planner = new PlannerDriver();
        // Agents' emails are another test's subject: nobody is notified of new tickets here.
        planner.configure(
                ConfigEntityType.DEPARTMENT,
                "hosting",
                Department.newBuilder()
                        .setName("Hosting")
                        .setSignature("The Hosting team")
                        .build());
    }

    @AfterEach
    void stop() {
        planner.close();
    }

    @Test
    void shouldAcknowledgeANewTicketWithItsLinkThreadedUnderTheCustomersEmail() {
        TicketEvent opened = planner.event(CUSTOMER, opened().build());

        TestRecord<String, EmailDelivery> record = planner.emails().readRecord();
        assertThat(record.key()).isEqualTo(TICKET);
        assertThat(record.timestamp()).isEqualTo(opened.getOccurredAt().toEpochMilli());
        EmailDelivery mail = record.value();
        assertThat(mail.getDeliveryId()).isEqualTo("ev-10234-v1:customer");
        assertThat(mail.getEventId()).isEqualTo("ev-10234-v1");
        assertThat(mail.getTicketId()).isEqualTo(TICKET);
        assertThat(mail.getTicketNumber()).isEqualTo(10234);
        assertThat(mail.getKind()).isEqualTo("CUSTOMER_TICKET_OPENED");
        assertThat(mail.getPlannedAt()).isEqualTo(opened.getOccurredAt());
        assertThat(mail.getSourceTopic()).isEqualTo("tickets.events.v1");
        assertThat(mail.getSourcePartition()).isZero();
        assertThat(mail.getSourceOffset()).isZero();
        assertThat(mail.getFrom()).isEqualTo(new Contact(SUPPORT, "Acme Support", null));
        assertThat(mail.getReplyTo()).isNull();
        assertThat(mail.getTo()).containsExactly(ALICE);
        assertThat(mail.getCc()).isEmpty();
        assertThat(mail.getSubject()).isEqualTo("[#10234] Disk full on web-3");
        assertThat(mail.getText()).isEqualTo("""
                Hello Alice Martin,

                Thank you for contacting Acme Hosting. We have received your request as ticket #10234 \
                (Hosting) and will get back to you as soon as possible.

                You can follow it here:
                %s

                To add anything, reply to this email and keep [#10234] in the subject.

                Acme Hosting
                """.formatted(LINK));
        assertThat(mail.getHtml()).isEqualTo("""
                <!DOCTYPE html>
                <html><body>
                <p>Hello Alice Martin,</p>
                <p>Thank you for contacting Acme Hosting. We have received your request as ticket #10234 \
                (Hosting) and will get back to you as soon as possible.</p>
                <p>You can follow it here:<br>
                <a href="%1$s">%1$s</a></p>
                <p>To add anything, reply to this email and keep [#10234] in the subject.</p>
                <p>Acme Hosting</p>
                </body></html>
                """.formatted(LINK));
        assertThat(mail.getMessageId()).isEqualTo(MailIds.outbound(TICKET, "ev-10234-v1:customer", DOMAIN));
        assertThat(mail.getInReplyTo()).isEqualTo(CUSTOMER_MESSAGE_ID);
        assertThat(mail.getReferences()).containsExactly(CUSTOMER_MESSAGE_ID);
        assertThat(mail.getAttachments()).isEmpty();
        assertThat(mail.getHeaders()).isEqualTo(Map.of("Auto-Submitted", "auto-replied", "X-Loop", LOOP));
        assertThat(mail.getLanguage()).isEqualTo("en");
        assertThat(planner.emails().isEmpty()).isTrue();
    }

    @Test
    void shouldSendAStaffReplyFromTheAgentWithSignatureAttachmentsAndThreading() {
        planner.configure(
                ConfigEntityType.AGENT,
                "bob",
                agent("Bob Agent", "bob@acme.example")
                        .setDepartmentSignatures(Map.of("hosting", "Bob, Hosting desk"))
                        .build());
        AttachmentRef log = attachment("cleanup.log");
        String replyId = MailIds.outbound(TICKET, "r1", DOMAIN);
        planner.event(CUSTOMER, opened().build());
        EmailDelivery acknowledgement = planner.emails().readValue();
        planner.event(
                BOB,
                reply("We cleaned /var/log.")
                        .setEmailMessageId(replyId)
                        .setAttachments(List.of(log))
                        .build());

        EmailDelivery mail = planner.emails().readValue();
        assertThat(mail.getDeliveryId()).isEqualTo("ev-10234-v2:customer");
        assertThat(mail.getKind()).isEqualTo("CUSTOMER_STAFF_REPLY");
        assertThat(mail.getFrom()).isEqualTo(new Contact(SUPPORT, "Bob Agent", null));
        assertThat(mail.getTo()).containsExactly(ALICE);
        assertThat(mail.getSubject()).isEqualTo("[#10234] Disk full on web-3");
        assertThat(mail.getText()).isEqualTo("""
                We cleaned /var/log.

                --\s
                Bob, Hosting desk

                Your ticket: %s
                """.formatted(LINK));
        assertThat(mail.getHtml())
                .contains("<p>We cleaned /var/log.<br>\n<br>\n-- <br>\nBob, Hosting desk</p>")
                .contains("<p>Your ticket: <a href=\"%1$s\">%1$s</a></p>".formatted(LINK));
        assertThat(mail.getMessageId()).isEqualTo(replyId);
        assertThat(mail.getInReplyTo()).isEqualTo(acknowledgement.getMessageId());
        assertThat(mail.getReferences()).containsExactly(CUSTOMER_MESSAGE_ID, acknowledgement.getMessageId());
        assertThat(mail.getAttachments()).containsExactly(log);
        assertThat(mail.getHeaders()).isEqualTo(Map.of("X-Loop", LOOP));
        assertThat(planner.emails().isEmpty()).isTrue();
    }

    @Test
    void shouldSignWithTheAgentsDepartmentSignatureElseTheirOwnElseTheDepartments() {
        planner.event(CUSTOMER, opened().build());
        planner.emails().readValue();

        planner.configure(
                ConfigEntityType.AGENT,
                "bob",
                agent("Bob Agent", "bob@acme.example")
                        .setSignature("Bob")
                        .setDepartmentSignatures(Map.of("hosting", "Bob, Hosting desk", "billing", "Bob, Billing"))
                        .build());
        planner.event(BOB, reply("One.").build());
        planner.configure(
                ConfigEntityType.AGENT,
                "bob",
                agent("Bob Agent", "bob@acme.example")
                        .setSignature("Bob")
                        .setDepartmentSignatures(Map.of("billing", "Bob, Billing"))
                        .build());
        planner.event(BOB, reply("Two.").build());
        planner.configure(
                ConfigEntityType.AGENT,
                "bob",
                agent("Bob Agent", "bob@acme.example").build());
        planner.event(BOB, reply("Three.").build());
        planner.event(BOB, reply("Four.").setAppendSignature(false).build());
        planner.configure(
                ConfigEntityType.AGENT,
                "bob",
                agent("Bob Agent", "bob@acme.example").setSignature("--\nBob").build());
        planner.event(BOB, reply("Five.").build());

        assertThat(planner.emails().readValuesToList())
                .extracting(mail -> mail.getText().substring(0, mail.getText().indexOf("Your ticket:")))
                .containsExactly(
                        "One.\n\n-- \nBob, Hosting desk\n\n",
                        "Two.\n\n-- \nBob\n\n",
                        "Three.\n\n-- \nThe Hosting team\n\n",
                        "Four.\n\n",
                        // A signature with its own separator line is not given a second one.
                        "Five.\n\n--\nBob\n\n");
    }

    @Test
    void shouldNotNoticeTheStartOfWorkThatTheFirstStaffActionMakes() {
        planner.event(CUSTOMER, opened().build());
        planner.emails().readValue();

        planner.event(BOB, new StatusChanged("new", "open", LifecycleState.NEW, LifecycleState.OPEN));
        planner.event(
                BOB, new StatusChanged("open", "waiting", LifecycleState.OPEN, LifecycleState.WAITING_ON_CUSTOMER));

        assertThat(planner.emails().readValuesToList())
                .extracting(EmailDelivery::getKind)
                .containsExactly("CUSTOMER_STATUS_CHANGED");
    }

    @Test
    void shouldThreadEveryMailUnderTheLastOneAcrossReplyCloseAndReopen() {
        planner.helpdesk(settings()
                .setCustomerNotifications(CustomerNotificationSettings.newBuilder()
                        .setTicketReopened(true)
                        .build())
                .build());
        String replyId = MailIds.outbound(TICKET, "r1", DOMAIN);
        String customerAnswer = "CAF2y@mail.customer.example";

        planner.event(CUSTOMER, opened().build());
        planner.event(BOB, reply("Try now.").setEmailMessageId(replyId).build());
        planner.event(CUSTOMER, customerReply("Works, thanks", customerAnswer).build());
        planner.event(BOB, new TicketClosed(CloseReason.AGENT, null, "open", "closed"));
        planner.event(BOB, new TicketReopened(ReopenTrigger.AGENT, planner.now(), "closed", "open", null));

        List<EmailDelivery> mails = planner.emails().readValuesToList();
        assertThat(mails)
                .extracting(EmailDelivery::getKind)
                .containsExactly(
                        "CUSTOMER_TICKET_OPENED",
                        "CUSTOMER_STAFF_REPLY",
                        "CUSTOMER_TICKET_CLOSED",
                        "CUSTOMER_TICKET_REOPENED");
        String ack = mails.get(0).getMessageId();
        String closed = mails.get(2).getMessageId();
        assertThat(mails)
                .extracting(EmailDelivery::getMessageId)
                .containsExactly(
                        MailIds.outbound(TICKET, "ev-10234-v1:customer", DOMAIN),
                        replyId,
                        MailIds.outbound(TICKET, "ev-10234-v4:customer", DOMAIN),
                        MailIds.outbound(TICKET, "ev-10234-v5:customer", DOMAIN));
        assertThat(mails)
                .extracting(EmailDelivery::getInReplyTo)
                .containsExactly(CUSTOMER_MESSAGE_ID, ack, customerAnswer, closed);
        assertThat(mails)
                .extracting(EmailDelivery::getReferences)
                .containsExactly(
                        List.of(CUSTOMER_MESSAGE_ID),
                        List.of(CUSTOMER_MESSAGE_ID, ack),
                        List.of(CUSTOMER_MESSAGE_ID, ack, replyId, customerAnswer),
                        List.of(CUSTOMER_MESSAGE_ID, ack, replyId, customerAnswer, closed));
        assertThat(mails)
                .extracting(mail -> mail.getHeaders().get("Auto-Submitted"))
                .containsExactly("auto-replied", null, "auto-generated", "auto-generated");
        assertThat(planner.context(TICKET).getEmailMessageIds())
                .containsExactly(
                        CUSTOMER_MESSAGE_ID,
                        ack,
                        replyId,
                        customerAnswer,
                        closed,
                        mails.get(3).getMessageId());
    }

    @Test
    void shouldReferenceTheFirstAndTheNineteenNewestMessagesOfALongThread() {
        planner.event(CUSTOMER, opened().build());
        for (int i = 1; i <= 25; i++) {
            planner.event(
                    CUSTOMER,
                    customerReply("more " + i, "c" + i + "@mail.customer.example")
                            .build());
        }
        planner.emails().readValuesToList();
        planner.event(BOB, reply("Done.").setEmailMessageId("r@" + DOMAIN).build());

        EmailDelivery mail = planner.emails().readValue();
        assertThat(mail.getReferences()).hasSize(20);
        assertThat(mail.getReferences().get(0)).isEqualTo(CUSTOMER_MESSAGE_ID);
        assertThat(mail.getReferences().get(1)).isEqualTo("c7@mail.customer.example");
        assertThat(mail.getReferences().get(19)).isEqualTo("c25@mail.customer.example");
        assertThat(mail.getInReplyTo()).isEqualTo("c25@mail.customer.example");
    }

    @Test
    void shouldNoticeEachChangeTheCustomerShouldKnowAbout() {
        planner.helpdesk(settings()
                .setCustomerNotifications(CustomerNotificationSettings.newBuilder()
                        .setTicketReopened(true)
                        .build())
                .build());
        planner.event(CUSTOMER, opened().build());
        planner.event(BOB, new PriorityChanged("normal", "urgent"));
        planner.event(BOB, new CategoryChanged(null, "dns"));
        planner.event(BOB, new DueDateChanged(null, Instant.parse("2025-03-10T17:00:00Z")));
        planner.event(BOB, new StatusChanged("new", "waiting", LifecycleState.NEW, LifecycleState.WAITING_ON_CUSTOMER));
        planner.event(BOB, new TicketClosed(CloseReason.AGENT, null, "waiting", "closed"));
        planner.event(BOB, new TicketReopened(ReopenTrigger.AGENT, planner.now(), "closed", "open", null));

        List<EmailDelivery> mails = planner.emails().readValuesToList();
        assertThat(mails)
                .extracting(EmailDelivery::getKind)
                .containsExactly(
                        "CUSTOMER_TICKET_OPENED",
                        "CUSTOMER_PRIORITY_CHANGED",
                        "CUSTOMER_CATEGORY_CHANGED",
                        "CUSTOMER_DUE_DATE_CHANGED",
                        "CUSTOMER_STATUS_CHANGED",
                        "CUSTOMER_TICKET_CLOSED",
                        "CUSTOMER_TICKET_REOPENED");
        assertThat(mails.subList(1, 7))
                .extracting(mail -> mail.getText().lines().skip(2).findFirst().orElseThrow())
                .containsExactly(
                        "The priority of your ticket #10234 \"Disk full on web-3\" changed from Normal to Urgent.",
                        "Your ticket #10234 \"Disk full on web-3\" is now in the category dns.",
                        "The due date of your ticket #10234 \"Disk full on web-3\" is now 2025-03-10 17:00 UTC"
                                + " (it was —).",
                        "The status of your ticket #10234 \"Disk full on web-3\" changed from New to Waiting for you.",
                        "Your ticket #10234 \"Disk full on web-3\" has been closed.",
                        "Your ticket #10234 \"Disk full on web-3\" has been reopened; we are working on it again.");
        assertThat(mails.subList(1, 7)).allSatisfy(mail -> {
            assertThat(mail.getSubject()).isEqualTo("[#10234] Disk full on web-3");
            assertThat(mail.getFrom()).isEqualTo(new Contact(SUPPORT, "Acme Support", null));
            assertThat(mail.getHeaders()).isEqualTo(Map.of("Auto-Submitted", "auto-generated", "X-Loop", LOOP));
        });
    }

    @Test
    void shouldSendNothingTheSettingsSwitchedOff() {
        planner.helpdesk(settings()
                .setCustomerNotifications(
                        new CustomerNotificationSettings(false, false, false, false, true, false, false, false, false))
                .build());

        planner.event(CUSTOMER, opened().build());
        planner.event(BOB, reply("Try now.").build());
        planner.event(BOB, new PriorityChanged("normal", "urgent"));
        planner.event(BOB, new CategoryChanged(null, "dns"));
        planner.event(BOB, new DueDateChanged(null, Instant.parse("2025-03-10T17:00:00Z")));
        planner.event(BOB, new StatusChanged("new", "waiting", LifecycleState.NEW, LifecycleState.WAITING_ON_CUSTOMER));
        planner.event(BOB, new TicketClosed(CloseReason.AGENT, null, "waiting", "closed"));
        planner.event(BOB, new TicketReopened(ReopenTrigger.AGENT, planner.now(), "closed", "open", null));

        assertThat(planner.emails().isEmpty()).isTrue();
    }

    @Test
    void shouldNotSendAReopenedNoticeByDefault() {
        planner.event(CUSTOMER, opened().build());
        planner.event(BOB, new TicketClosed(CloseReason.AGENT, null, "new", "closed"));
        planner.event(BOB, new TicketReopened(ReopenTrigger.AGENT, planner.now(), "closed", "open", null));

        assertThat(planner.emails().readValuesToList())
                .extracting(EmailDelivery::getKind)
                .containsExactly("CUSTOMER_TICKET_OPENED", "CUSTOMER_TICKET_CLOSED");
    }

    @Test
    void shouldNotTellTheCustomerWhatTheyDidNorWhatHasItsOwnNotice() {
        planner.event(CUSTOMER, opened().build());
        planner.emails().readValue();

        planner.event(
                CUSTOMER,
                new StatusChanged("waiting", "open", LifecycleState.WAITING_ON_CUSTOMER, LifecycleState.OPEN));
        planner.event(BOB, new StatusChanged("open", "closed", LifecycleState.OPEN, LifecycleState.CLOSED));
        planner.event(CUSTOMER, new TicketClosed(CloseReason.CUSTOMER, null, "open", "closed"));
        planner.event(BOB, new TicketClosed(CloseReason.MERGED, null, "open", "closed"));

        assertThat(planner.emails().isEmpty()).isTrue();
    }

    @Test
    void shouldNotAcknowledgeMachineMailSpamOrASupportAddress() {
        planner.event(CUSTOMER, opened().setAutoReplyAllowed(false).build());
        planner.newTicket();
        planner.event(
                "7a1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b",
                10235,
                CUSTOMER,
                opened().setSpam(true).build());
        planner.newTicket();
        planner.event(
                "8a1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b",
                10236,
                CUSTOMER,
                opened().setCustomer(new Contact(BILLING_ADDRESS.toUpperCase(Locale.ROOT), null, null))
                        .build());

        assertThat(planner.emails().isEmpty()).isTrue();
    }

    @Test
    void shouldSendTheFiltersAutomaticReplyAfterTheAcknowledgementButNeverToMachineMail() {
        planner.configure(
                ConfigEntityType.CANNED_RESPONSE,
                "outage-known",
                CannedResponse.newBuilder()
                        .setTitle("Known outage")
                        .setText("Hello {{customer.name}}, we know about the outage (ticket #{{ticket.number}}).")
                        .build());
        planner.event(
                CUSTOMER,
                opened().setAutoReplyCannedResponseIds(List.of("outage-known", "gone"))
                        .build());

        List<EmailDelivery> mails = planner.emails().readValuesToList();
        assertThat(mails)
                .extracting(EmailDelivery::getKind)
                .containsExactly("CUSTOMER_TICKET_OPENED", "CUSTOMER_AUTO_REPLY");
        EmailDelivery reply = mails.get(1);
        assertThat(reply.getDeliveryId()).isEqualTo(mails.get(0).getEventId() + ":customer:auto-reply");
        assertThat(reply.getText()).startsWith("Hello Alice Martin, we know about the outage (ticket #10234).\n\n");
        assertThat(reply.getSubject()).isEqualTo("[#10234] Disk full on web-3");
        assertThat(reply.getInReplyTo()).isEqualTo(mails.get(0).getMessageId());
        assertThat(reply.getHeaders()).containsEntry("Auto-Submitted", "auto-replied");

        planner.newTicket();
        planner.event(
                "7a1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b",
                10235,
                CUSTOMER,
                opened().setAutoReplyAllowed(false)
                        .setAutoReplyCannedResponseIds(List.of("outage-known"))
                        .build());
        assertThat(planner.emails().isEmpty()).isTrue();
    }

    @Test
    void shouldSendOnlyStaffRepliesForTheWholeLifeOfATicketMachineMailOpened() {
        planner.helpdesk(settings()
                .setCustomerNotifications(CustomerNotificationSettings.newBuilder()
                        .setTicketReopened(true)
                        .build())
                .build());
        planner.configure(
                ConfigEntityType.CANNED_RESPONSE,
                "outage-known",
                CannedResponse.newBuilder()
                        .setTitle("Known outage")
                        .setText("We know about the outage.")
                        .build());
        planner.event(
                CUSTOMER,
                opened().setAutoReplyAllowed(false)
                        .setAutoReplyCannedResponseIds(List.of("outage-known"))
                        .build());
        planner.event(BOB, new PriorityChanged("normal", "urgent"));
        planner.event(BOB, new CategoryChanged(null, "dns"));
        planner.event(BOB, new DueDateChanged(null, Instant.parse("2025-03-10T17:00:00Z")));
        planner.event(BOB, new StatusChanged("new", "waiting", LifecycleState.NEW, LifecycleState.WAITING_ON_CUSTOMER));
        planner.event(BOB, new TicketClosed(CloseReason.AGENT, null, "waiting", "closed"));
        planner.event(BOB, new TicketReopened(ReopenTrigger.AGENT, planner.now(), "closed", "open", null));
        planner.event(ROUTING, reply("Closing idle tickets.").setAuthor(ROUTING).build());
        planner.event(
                CUSTOMER,
                customerReply("Out of office until Monday.", "ooo@mail.customer.example")
                        .build());
        assertThat(planner.emails().isEmpty()).isTrue();

        planner.event(BOB, reply("Please unsubscribe us from this list.").build());

        EmailDelivery mail = planner.emails().readValue();
        assertThat(mail.getDeliveryId()).isEqualTo("ev-10234-v10:customer");
        assertThat(mail.getKind()).isEqualTo("CUSTOMER_STAFF_REPLY");
        assertThat(mail.getTo()).containsExactly(ALICE);
        assertThat(mail.getInReplyTo()).isEqualTo("ooo@mail.customer.example");
        assertThat(mail.getReferences()).containsExactly(CUSTOMER_MESSAGE_ID, "ooo@mail.customer.example");
        assertThat(mail.getHeaders()).isEqualTo(Map.of("X-Loop", LOOP));
        assertThat(planner.emails().isEmpty()).isTrue();
        assertThat(planner.machineOpening(TICKET)).isEqualTo("ev-10234-v1");
    }

    @Test
    void shouldAnswerMachineMailOnAPersonsTicketWithNothingButKeepNoticingTheTicket() {
        planner.event(CUSTOMER, opened().build());
        planner.emails().readValue();

        planner.event(
                CUSTOMER,
                customerReply("I am out of the office.", "ooo@mail.customer.example")
                        .setAutoReplyAllowed(false)
                        .build());
        assertThat(planner.emails().isEmpty()).isTrue();

        planner.event(BOB, new PriorityChanged("normal", "urgent"));
        assertThat(planner.emails().readValuesToList())
                .extracting(EmailDelivery::getKind)
                .containsExactly("CUSTOMER_PRIORITY_CHANGED");
        assertThat(planner.machineOpening(TICKET)).isNull();
    }

    @Test
    void shouldCopyTheTicketsCcsButNeverTheCustomerOrASupportAddress() {
        Contact partner = new Contact("ops@partner.example", "Ops", null);
        planner.event(
                CUSTOMER,
                opened().setCc(List.of(partner, new Contact(BILLING_ADDRESS, null, null), ALICE))
                        .build());

        assertThat(planner.emails().readValue().getCc()).containsExactly(partner);
    }

    @Test
    void shouldWriteInTheTicketsLanguageElseTheHelpdeskDefault() {
        planner.event(CUSTOMER, opened().setLanguage("fr-CA").build());
        EmailDelivery french = planner.emails().readValue();
        assertThat(french.getLanguage()).isEqualTo("fr");
        assertThat(french.getSubject()).isEqualTo("[#10234] Disk full on web-3");
        assertThat(french.getText())
                .startsWith("Bonjour Alice Martin,\n\nMerci d'avoir contacté Acme Hosting. Votre demande a bien été"
                        + " reçue sous le numéro de ticket #10234 (Hosting)");
        assertThat(french.getHtml()).contains("<p>Bonjour Alice Martin,</p>");

        planner.helpdesk(settings().setDefaultLanguage("fr").build());
        planner.newTicket();
        planner.event(
                "7a1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b",
                10235,
                CUSTOMER,
                opened().setLanguage("de").build());
        assertThat(planner.emails().readValue().getLanguage()).isEqualTo("fr");
    }

    @Test
    void shouldPreferTheAdminsTemplateForItsKindAndLanguageAndEscapeValuesInHtml() {
        planner.configure(
                ConfigEntityType.EMAIL_TEMPLATE,
                "CUSTOMER_TICKET_OPENED-fr",
                EmailTemplate.newBuilder()
                        .setKind(EmailTemplateKind.CUSTOMER_TICKET_OPENED)
                        .setLanguage("fr")
                        .setSubject("Bien reçu : {{ ticket.subject }}")
                        .setText("Merci {{customer.name}} ! Ticket {{ticket.number}}.{{no.such.thing}}")
                        .setHtml("<p>Merci <b>{{customer.name}}</b> : <a href=\"{{link}}\">ticket</a></p>")
                        .build());
        Contact eve = new Contact("eve@customer.example", "Eve <script>", null);

        planner.event(CUSTOMER, opened().setCustomer(eve).setLanguage("fr").build());
        planner.newTicket();
        planner.event("7a1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b", 10235, CUSTOMER, opened().build());

        EmailDelivery french = planner.emails().readValue();
        assertThat(french.getSubject()).isEqualTo("[#10234] Bien reçu : Disk full on web-3");
        assertThat(french.getText()).isEqualTo("Merci Eve <script> ! Ticket 10234.");
        assertThat(french.getHtml())
                .isEqualTo("<p>Merci <b>Eve &lt;script&gt;</b> : <a href=\"%s\">ticket</a></p>".formatted(LINK));
        assertThat(planner.emails().readValue().getText()).startsWith("Hello Alice Martin,");
    }

    @Test
    void shouldPlanEachEventOnceAndSkipEventsOfUnknownTickets() {
        TicketEvent opened = planner.event(CUSTOMER, opened().build());
        planner.pipe(opened);
        planner.newTicket();
        planner.event("7a1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b", 10235, BOB, new PriorityChanged("normal", "urgent"));

        assertThat(planner.emails().readValuesToList())
                .extracting(EmailDelivery::getDeliveryId)
                .containsExactly("ev-10234-v1:customer");
        assertThat(planner.context("7a1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b")).isNull();
    }

    private static AttachmentRef attachment(String name) {
        return AttachmentRef.newBuilder()
                .setAttachmentId("a-" + name)
                .setFileName(name)
                .setContentType("text/plain")
                .setSizeBytes(42)
                .setSha256("0".repeat(64))
                .setStorageKey("sha256:" + "0".repeat(64))
                .build();
    }
}
