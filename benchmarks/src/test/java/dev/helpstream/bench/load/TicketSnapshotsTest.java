package dev.helpstream.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.Channel;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.ids.TicketIds;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TicketSnapshotsTest {

    private static final Instant OPENED = Instant.parse("2026-03-02T09:15:00Z");

    private final List<Ticket> tickets = IntStream.range(0, 2_000)
            .mapToObj(i -> TicketSnapshots.ticket("run1", i, OPENED))
            .toList();

    @Test
    void theSameRunAndIndexGiveTheSameTicket() {
        assertThat(TicketSnapshots.ticket("run1", 7, OPENED)).isEqualTo(tickets.get(7));
        assertThat(TicketSnapshots.ticket("run2", 7, OPENED).getTicketId())
                .isNotEqualTo(tickets.get(7).getTicketId());
    }

    @Test
    void aTicketIsNamedAfterItsLoaderMessageIdAsRoutingNamesTicketsAndNumberedFromOneHundredMillion() {
        assertThat(tickets.get(42).getTicketId()).isEqualTo(TicketIds.forInboundMessage("bench-load:run1:42"));
        assertThat(tickets.get(42).getNumber()).isEqualTo(100_000_042L);
    }

    @Test
    void anEmailTicketCarriesItsMessageIdAndTheSupportAddressOfItsDepartmentOtherChannelsNeither() {
        assertThat(tickets).allSatisfy(ticket -> {
            if (ticket.getChannel() == Channel.EMAIL) {
                long index = ticket.getNumber() - 100_000_000L;
                assertThat(ticket.getEmailMessageIds()).containsExactly("bench-load:run1:" + index);
                assertThat(ticket.getSupportAddress()).isEqualTo(ticket.getDepartmentId() + "@helpdesk.test");
            } else {
                assertThat(ticket.getEmailMessageIds()).isEmpty();
                assertThat(ticket.getSupportAddress()).isNull();
            }
        });
    }

    @Test
    void theFieldsUseOnlyTheDemoConfigurationsIdsAndCoverThemAll() {
        assertThat(values(Ticket::getDepartmentId)).isEqualTo(Set.of("support", "billing", "sales"));
        assertThat(values(Ticket::getPriorityId)).isEqualTo(Set.of("low", "normal", "high", "urgent"));
        assertThat(values(Ticket::getCategoryId))
                .isEqualTo(Set.of("none", "outage", "dns", "email", "billing-question"));
        assertThat(values(Ticket::getTypeId)).isEqualTo(Set.of("none", "incident", "question", "request"));
        assertThat(values(Ticket::getServiceId)).isEqualTo(Set.of("none", "hosting", "domains", "invoices"));
        assertThat(values(ticket -> ticket.getChannel().name()))
                .isEqualTo(Set.of("EMAIL", "WEB_FORM", "API", "PORTAL"));
        assertThat(values(Ticket::getLanguage)).isEqualTo(Set.of("en", "fr"));
        assertThat(tickets).allSatisfy(ticket -> {
            assertThat(ticket.getCustomer().getEmail()).matches("[a-z]+\\.[a-z]+[0-9]+@[a-z.]+");
            assertThat(ticket.getCreatedAt()).isEqualTo(OPENED);
            assertThat(ticket.getLastCustomerActivityAt()).isEqualTo(OPENED);
            assertThat(ticket.getMessageCount()).isEqualTo(1);
        });
    }

    private Set<String> values(java.util.function.Function<Ticket, String> field) {
        return tickets.stream()
                .map(field)
                .map(value -> value == null ? "none" : value)
                .collect(Collectors.toSet());
    }
}
