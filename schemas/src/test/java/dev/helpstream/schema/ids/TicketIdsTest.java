package dev.helpstream.schema.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TicketIdsTest {

    @Test
    void shouldNameTheSameTicketForTheSameMessageForever() {
        // Pinned: changing the derivation would give replayed messages new ticket ids.
        assertThat(TicketIds.forInboundMessage("<a@example.com>")).isEqualTo("f75cdc92-e6ee-3590-bc0f-5d9009087de4");
    }

    @Test
    void shouldNameDifferentTicketsForDifferentMessages() {
        assertThat(TicketIds.forInboundMessage("<a@example.com>"))
                .isNotEqualTo(TicketIds.forInboundMessage("<b@example.com>"));
    }

    @Test
    void shouldRefuseABlankMessageId() {
        assertThatThrownBy(() -> TicketIds.forInboundMessage(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an inbound message id is required");
    }
}
