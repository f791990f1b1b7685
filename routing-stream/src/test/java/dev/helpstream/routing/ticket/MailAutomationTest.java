package dev.helpstream.routing.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.AutomationIndicators;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.serde.SingleObjectAvroSerdes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MailAutomationTest {

    static {
        // Trusts the generated classes, which Avro 1.12 must load to fill the defaults of a builder.
        SingleObjectAvroSerdes.instance();
    }

    @Test
    void shouldNameTheFirstHeaderThatShowsAMachineWroteTheMail() {
        assertThat(List.of(
                        AutomationIndicators.newBuilder().setAutoSubmitted("auto-replied; owner-email=\"a@b\""),
                        AutomationIndicators.newBuilder().setAutoSubmitted("no").setPrecedence("junk"),
                        AutomationIndicators.newBuilder().setPrecedence(" LIST "),
                        AutomationIndicators.newBuilder().setPrecedence("first-class"),
                        AutomationIndicators.newBuilder().setListId("<ops.example.com>"),
                        AutomationIndicators.newBuilder().setAutoResponseSuppress("all"),
                        AutomationIndicators.newBuilder().setAutoResponseSuppress("NDR"),
                        AutomationIndicators.newBuilder().setAutoResponseSuppress("RN, NRN"),
                        AutomationIndicators.newBuilder().setAutoSubmitted("No ; comment"),
                        AutomationIndicators.newBuilder()))
                .extracting(indicators -> MailAutomation.automatedBy(message(indicators.build())))
                .containsExactly(
                        Optional.of("Auto-Submitted: auto-replied; owner-email=\"a@b\""),
                        Optional.of("Precedence: junk"),
                        Optional.of("Precedence: LIST"),
                        Optional.empty(),
                        Optional.of("List-Id: <ops.example.com>"),
                        Optional.of("X-Auto-Response-Suppress: all"),
                        Optional.of("X-Auto-Response-Suppress: NDR"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty());
    }

    @Test
    void shouldTellLoopsBouncesAndIntegrationsApart() {
        InboundMessage loop =
                message(AutomationIndicators.newBuilder().setLoopDetected(true).build());
        InboundMessage bounce =
                message(AutomationIndicators.newBuilder().setBounce(true).build());
        InboundMessage api = InboundMessage.newBuilder(message(new AutomationIndicators()))
                .setSubmittedBy(new Actor(ActorKind.INTEGRATION, "key-1", null, null))
                .build();
        InboundMessage portal = InboundMessage.newBuilder(message(new AutomationIndicators()))
                .setSubmittedBy(new Actor(ActorKind.CUSTOMER, "alice@example.com", null, null))
                .build();

        assertThat(List.of(loop, bounce, api, portal))
                .extracting(m -> MailAutomation.isLoop(m) + " " + MailAutomation.isBounce(m) + " "
                        + MailAutomation.isAuditOnly(m) + " " + MailAutomation.isFromIntegration(m))
                .containsExactly(
                        "true false true false",
                        "false true true false",
                        "false false false true",
                        "false" + " false false false");
    }

    @Test
    void shouldDescribeABounceByItsSubjectAndStatusLines() {
        InboundMessage bounce = InboundMessage.newBuilder(message(new AutomationIndicators()))
                .setSubject("  Undeliverable: Server down ")
                .setBody(MessageBody.newBuilder()
                        .setText("Reporting-MTA: dns; mx\r\nstatus: 4.2.2\r\nStatus: 4.2.2\r\nRemote-MTA: dns; x\r\n")
                        .build())
                .build();
        InboundMessage bare = InboundMessage.newBuilder(message(new AutomationIndicators()))
                .setSubject("")
                .setBody(MessageBody.newBuilder().setText("").build())
                .build();

        assertThat(MailAutomation.bounceDetail(bounce))
                .isEqualTo("Undeliverable: Server down (status: 4.2.2; Status: 4.2.2)");
        assertThat(MailAutomation.bounceDetail(bare)).isEqualTo("delivery status notification");
    }

    @Test
    void shouldDescribeALoopByItsMarkerOrItsOwnMessageId() {
        InboundMessage marked = InboundMessage.newBuilder(message(new AutomationIndicators()))
                .setHeaders(Map.of("x-loop", " helpstream@help.example "))
                .build();
        InboundMessage echoed = InboundMessage.newBuilder(message(new AutomationIndicators()))
                .setMessageId("n.0123456789abcdef01234567@Help.Example")
                .build();

        assertThat(MailAutomation.loopDetail(marked, "help.example")).isEqualTo("X-Loop: helpstream@help.example");
        assertThat(MailAutomation.loopDetail(echoed, "help.example"))
                .isEqualTo("Message-ID n.0123456789abcdef01234567@Help.Example was generated by this helpdesk");
        assertThat(MailAutomation.loopDetail(message(new AutomationIndicators()), "help.example"))
                .isEqualTo("loop marker found by the ingest service");
    }

    @Test
    void shouldStripAngleBracketsFromAMessageId() {
        assertThat(List.of(" <a@b> ", "a@b", "<a@b"))
                .extracting(MailAutomation::bare)
                .containsExactly("a@b", "a@b", "<a@b");
    }

    private static InboundMessage message(AutomationIndicators automation) {
        return InboundMessage.newBuilder()
                .setMessageId("m@customer.example")
                .setChannel(Channel.EMAIL)
                .setReceivedAt(Instant.parse("2026-03-02T09:00:00Z"))
                .setFrom(new Contact("alice@customer.example", null, null))
                .setSubject("Hello")
                .setBody(MessageBody.newBuilder().setText("Hi").build())
                .setAutomation(automation)
                .build();
    }
}
