package dev.helpstream.schema.ids;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MailIdsTest {

    private static final String TICKET = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

    @Test
    void shouldNameTheTicketInEveryMessageIdItGenerates() {
        String id = MailIds.outbound(TICKET, "event-1:customer", "Mail.Example.COM");

        assertThat(id).startsWith("t." + TICKET + ".").endsWith("@mail.example.com");
        assertThat(id).isEqualTo(MailIds.outbound(TICKET, "event-1:customer", "mail.example.com"));
        assertThat(id).isNotEqualTo(MailIds.outbound(TICKET, "event-1:agent:a1", "mail.example.com"));
        assertThat(MailIds.ticketIdOf(id, "mail.example.com")).contains(TICKET);
    }

    @Test
    void shouldNotReadATicketFromAnotherDomainOrAnotherShape() {
        String id = MailIds.outbound(TICKET, "m1", "mail.example.com");

        assertThat(MailIds.ticketIdOf(id, "other.example.com")).isEmpty();
        assertThat(MailIds.ticketIdOf("t.not-a-ticket.abc@mail.example.com", "mail.example.com"))
                .isEmpty();
        assertThat(MailIds.ticketIdOf(MailIds.outbound("link-1", "mail.example.com"), "mail.example.com"))
                .isEmpty();
    }

    @Test
    void shouldTellTheIdsItGeneratedFromOtherMailOfTheSameDomain() {
        String reply = MailIds.outbound(TICKET, "m1", "example.com");
        String link = MailIds.outbound("link-1", "example.com");

        assertThat(MailIds.isGenerated(reply, "example.com")).isTrue();
        assertThat(MailIds.isGenerated("<" + link + ">", "example.com")).isTrue();
        // A colleague's own mail client names its messages after the same domain: not a loop.
        assertThat(MailIds.isGenerated("5F3A9C2E.1040705@example.com", "example.com"))
                .isFalse();
        assertThat(MailIds.isGenerated(reply, "other.example")).isFalse();
        assertThat(MailIds.isGenerated(null, "example.com")).isFalse();
    }

    @Test
    void shouldRecogniseItsOwnDomainWithOrWithoutAngleBrackets() {
        assertThat(MailIds.isOurs("<abc@Mail.Example.com>", "mail.example.com")).isTrue();
        assertThat(MailIds.isOurs("abc@mail.example.com", "mail.example.com")).isTrue();
        assertThat(MailIds.isOurs("abc@customer.example", "mail.example.com")).isFalse();
        assertThat(MailIds.isOurs(null, "mail.example.com")).isFalse();
        assertThat(MailIds.loopMarker("Mail.Example.com")).isEqualTo("helpstream@mail.example.com");
    }
}
