package dev.helpstream.notifier.planner;

import static dev.helpstream.notifier.planner.PlannerDriver.ALICE;
import static dev.helpstream.notifier.planner.PlannerDriver.BOB;
import static dev.helpstream.notifier.planner.PlannerDriver.CUSTOMER;
import static dev.helpstream.notifier.planner.PlannerDriver.DOMAIN;
import static dev.helpstream.notifier.planner.PlannerDriver.ROUTING;
import static dev.helpstream.notifier.planner.PlannerDriver.TICKET;
import static dev.helpstream.notifier.planner.PlannerDriver.opened;
import static dev.helpstream.notifier.planner.PlannerDriver.reply;
import static dev.helpstream.notifier.planner.PlannerDriver.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.schema.config.CustomerNotificationSettings;
import dev.helpstream.schema.event.CloseReason;
import dev.helpstream.schema.event.TicketClosed;
import dev.helpstream.schema.ids.MailIds;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The customer's notice of a ticket closed for inactivity (sla-stream's auto-close through
 * routing): why, since when, and how to reopen it under each reopen window.
 */
class InactivityCloseMailsTest {

    private static final String PORTAL_LINK = "https://help.acme.example/portal/tickets/" + TICKET;
    private static final TicketClosed INACTIVITY =
            new TicketClosed(CloseReason.INACTIVITY, "no activity for 7 days", "waiting", "closed");

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
    void shouldTellTheCustomerTheTicketWasClosedForInactivityAndUntilWhenAReplyReopensIt() {
        planner.helpdesk(settings().setReopenWindowDays(7).build());
        planner.event(CUSTOMER, opened().build());
        planner.event(BOB, reply("Could you send us the output of df -h?").build());
        EmailDelivery reply = planner.emails().readValuesToList().stream()
                .filter(mail -> mail.getKind().equals("CUSTOMER_STAFF_REPLY"))
                .findFirst()
                .orElseThrow();
        planner.advance(Duration.ofDays(7));

        planner.event(ROUTING, INACTIVITY);

        EmailDelivery mail = planner.emails().readValue();
        assertThat(mail.getDeliveryId()).isEqualTo("ev-10234-v3:customer");
        assertThat(mail.getKind()).isEqualTo("CUSTOMER_TICKET_CLOSED");
        assertThat(mail.getTo()).containsExactly(ALICE);
        assertThat(mail.getSubject()).isEqualTo("[#10234] Disk full on web-3");
        assertThat(mail.getText()).isEqualTo("""
                Hello Alice Martin,

                Your ticket #10234 "Disk full on web-3" has been closed: we have had no news from you since \
                2025-03-03 09:02 UTC.

                If you still need help, reply to this email or reopen the ticket from its page before \
                2025-03-17 09:03 UTC:
                %s

                After that, a reply opens a new ticket.

                Acme Hosting
                """.formatted(PORTAL_LINK));
        assertThat(mail.getMessageId()).isEqualTo(MailIds.outbound(TICKET, "ev-10234-v3:customer", DOMAIN));
        assertThat(mail.getInReplyTo()).isEqualTo(reply.getMessageId());
        assertThat(mail.getHeaders()).containsEntry("Auto-Submitted", "auto-generated");
        assertThat(planner.emails().isEmpty()).isTrue();
    }

    @Test
    void shouldTellAFrenchCustomerThatAReplyOpensANewTicketWhenTheReopenWindowIsZero() {
        planner.helpdesk(settings().setReopenWindowDays(0).build());
        planner.event(CUSTOMER, opened().setLanguage("fr").build());
        planner.emails().readValuesToList();
        planner.advance(Duration.ofDays(7));

        planner.event(ROUTING, INACTIVITY);

        EmailDelivery mail = planner.emails().readValue();
        assertThat(mail.getLanguage()).isEqualTo("fr");
        assertThat(mail.getText()).isEqualTo("""
                Bonjour Alice Martin,

                Votre ticket #10234 « Disk full on web-3 » a été fermé : nous n'avons pas eu de nouvelles \
                de votre part depuis le 2025-03-03 09:01 UTC. Il ne peut pas être rouvert.

                Si vous avez encore besoin d'aide, répondez à ce message : votre réponse ouvrira un nouveau ticket.
                %s

                Acme Hosting
                """.formatted(PORTAL_LINK));
    }

    @Test
    void shouldTellTheCustomerTheTicketCanBeReopenedAtAnyTimeWhenTheReopenWindowIsUnlimited() {
        planner.helpdesk(settings().setReopenWindowDays(-1).build());
        planner.event(CUSTOMER, opened().build());
        planner.emails().readValuesToList();
        planner.advance(Duration.ofDays(7));

        planner.event(ROUTING, INACTIVITY);

        assertThat(planner.emails().readValue().getText()).isEqualTo("""
                Hello Alice Martin,

                Your ticket #10234 "Disk full on web-3" has been closed: we have had no news from you since \
                2025-03-03 09:01 UTC.

                If you still need help, reply to this email or reopen the ticket from its page at any time:
                %s

                Acme Hosting
                """.formatted(PORTAL_LINK));
    }

    @Test
    void shouldSendNoClosedNoticeWhenTheSettingsSwitchItOff() {
        planner.helpdesk(settings()
                .setCustomerNotifications(CustomerNotificationSettings.newBuilder()
                        .setTicketClosed(false)
                        .build())
                .build());
        planner.event(CUSTOMER, opened().build());
        planner.emails().readValuesToList();
        planner.advance(Duration.ofDays(7));

        planner.event(ROUTING, INACTIVITY);

        assertThat(planner.emails().isEmpty()).isTrue();
    }

    @Test
    void shouldKeepThePlainWordingForAnAgentsClose() {
        planner.event(CUSTOMER, opened().build());
        planner.emails().readValuesToList();

        planner.event(BOB, new TicketClosed(CloseReason.AGENT, null, "open", "closed"));

        assertThat(planner.emails().readValue().getText())
                .contains("Your ticket #10234 \"Disk full on web-3\" has been closed.\n")
                .doesNotContain("no news");
    }
}
