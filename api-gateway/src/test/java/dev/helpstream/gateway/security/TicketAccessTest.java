package dev.helpstream.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.Channel;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.serde.SingleObjectAvroSerdes;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TicketAccessTest {

    static {
        // Avro 1.12 builds records only from trusted classes; the serdes register Helpstream's.
        SingleObjectAvroSerdes.instance();
    }

    private static final Ticket SUPPORT_TICKET_OF_CLARA =
            ticket("support", "Clara@Example.test", List.of("boss@example.test"));

    private static final Caller ADMIN = TestTokens.admin("admin");
    private static final Caller SUPPORT_AGENT = TestTokens.agent("ana", "support");
    private static final Caller BILLING_AGENT = TestTokens.agent("bea", "billing", "sales");
    private static final Caller AGENT_WITHOUT_DEPARTMENT = TestTokens.agent("new");
    private static final Caller CLARA = TestTokens.customer("clara@example.test");
    private static final Caller CLARAS_BOSS_IN_CC = TestTokens.customer("BOSS@example.test");
    private static final Caller OTHER_CUSTOMER = TestTokens.customer("mallory@example.test");
    private static final Caller READER_KEY = TestTokens.integration("reader", Caller.SCOPE_TICKETS_READ);
    private static final Caller WRITER_KEY = TestTokens.integration("writer", Caller.SCOPE_TICKETS_WRITE);
    private static final Caller CREATE_ONLY_KEY = TestTokens.integration("creator", Caller.SCOPE_TICKETS_CREATE);
    private static final Caller CONFIG_READER_KEY = TestTokens.integration("auditor", Caller.SCOPE_CONFIG_READ);
    private static final Caller CONFIG_WRITER_KEY = TestTokens.integration("provisioner", Caller.SCOPE_CONFIG_WRITE);

    @Test
    void shouldLetAdminsReadAndActOnEveryTicketAndSeeNotes() {
        assertThat(TicketAccess.canRead(ADMIN, SUPPORT_TICKET_OF_CLARA)).isTrue();
        assertThat(TicketAccess.canAct(ADMIN, SUPPORT_TICKET_OF_CLARA)).isTrue();
        assertThat(TicketAccess.seesNotes(ADMIN)).isTrue();
        assertThat(TicketAccess.allowedDepartments(ADMIN)).isNull();
    }

    @Test
    void shouldLetAgentsReadAndActOnlyOnTicketsOfTheirDepartments() {
        assertThat(TicketAccess.canRead(SUPPORT_AGENT, SUPPORT_TICKET_OF_CLARA)).isTrue();
        assertThat(TicketAccess.canAct(SUPPORT_AGENT, SUPPORT_TICKET_OF_CLARA)).isTrue();
        assertThat(TicketAccess.seesNotes(SUPPORT_AGENT)).isTrue();
        assertThat(TicketAccess.allowedDepartments(SUPPORT_AGENT)).isEqualTo(Set.of("support"));
    }

    @Test
    void shouldKeepAgentsOfAnotherDepartmentOut() {
        assertThat(TicketAccess.canRead(BILLING_AGENT, SUPPORT_TICKET_OF_CLARA)).isFalse();
        assertThat(TicketAccess.canAct(BILLING_AGENT, SUPPORT_TICKET_OF_CLARA)).isFalse();
        assertThat(TicketAccess.allowedDepartments(BILLING_AGENT)).isEqualTo(Set.of("billing", "sales"));
        assertThat(TicketAccess.canRead(AGENT_WITHOUT_DEPARTMENT, SUPPORT_TICKET_OF_CLARA))
                .isFalse();
        assertThat(TicketAccess.allowedDepartments(AGENT_WITHOUT_DEPARTMENT)).isEmpty();
    }

    @Test
    void shouldLetTheCustomerReadAndActOnTheirOwnTicketWhateverTheCaseOfTheirAddress() {
        assertThat(TicketAccess.canRead(CLARA, SUPPORT_TICKET_OF_CLARA)).isTrue();
        assertThat(TicketAccess.canAct(CLARA, SUPPORT_TICKET_OF_CLARA)).isTrue();
    }

    @Test
    void shouldLetACustomerInCcReadAndActOnTheTicket() {
        assertThat(TicketAccess.canRead(CLARAS_BOSS_IN_CC, SUPPORT_TICKET_OF_CLARA))
                .isTrue();
        assertThat(TicketAccess.canAct(CLARAS_BOSS_IN_CC, SUPPORT_TICKET_OF_CLARA))
                .isTrue();
    }

    @Test
    void shouldKeepOtherCustomersOutAndNeverShowNotesToCustomers() {
        assertThat(TicketAccess.canRead(OTHER_CUSTOMER, SUPPORT_TICKET_OF_CLARA))
                .isFalse();
        assertThat(TicketAccess.canAct(OTHER_CUSTOMER, SUPPORT_TICKET_OF_CLARA)).isFalse();
        assertThat(TicketAccess.seesNotes(CLARA)).isFalse();
        assertThat(TicketAccess.seesNotes(OTHER_CUSTOMER)).isFalse();
        assertThat(TicketAccess.allowedDepartments(CLARA)).isNull();
    }

    @Test
    void shouldNotMatchACustomerWithoutAnEmail() {
        Caller blank = new Caller(Caller.Kind.CUSTOMER, "", "", "", Set.of(), Set.of());

        assertThat(TicketAccess.canRead(blank, ticket("support", "", List.of())))
                .isFalse();
    }

    @Test
    void shouldLetApiKeysReadWithTheReadScopeAndActWithTheWriteScope() {
        assertThat(TicketAccess.canRead(READER_KEY, SUPPORT_TICKET_OF_CLARA)).isTrue();
        assertThat(TicketAccess.canAct(READER_KEY, SUPPORT_TICKET_OF_CLARA)).isFalse();
        assertThat(TicketAccess.seesNotes(READER_KEY)).isTrue();
        assertThat(TicketAccess.allowedDepartments(READER_KEY)).isNull();

        assertThat(TicketAccess.canRead(WRITER_KEY, SUPPORT_TICKET_OF_CLARA)).isFalse();
        assertThat(TicketAccess.canAct(WRITER_KEY, SUPPORT_TICKET_OF_CLARA)).isTrue();
        assertThat(TicketAccess.seesNotes(WRITER_KEY)).isFalse();
        assertThat(TicketAccess.allowedDepartments(WRITER_KEY)).isEmpty();
    }

    @Test
    void shouldGiveAnApiKeyWithoutTicketScopesNothing() {
        assertThat(TicketAccess.canRead(CREATE_ONLY_KEY, SUPPORT_TICKET_OF_CLARA))
                .isFalse();
        assertThat(TicketAccess.canAct(CREATE_ONLY_KEY, SUPPORT_TICKET_OF_CLARA))
                .isFalse();
        assertThat(TicketAccess.seesNotes(CREATE_ONLY_KEY)).isFalse();
        assertThat(TicketAccess.allowedDepartments(CREATE_ONLY_KEY)).isEmpty();
    }

    @Test
    void shouldGiveAnAnonymousCallerNothing() {
        assertThat(TicketAccess.canRead(null, SUPPORT_TICKET_OF_CLARA)).isFalse();
        assertThat(TicketAccess.canAct(null, SUPPORT_TICKET_OF_CLARA)).isFalse();
        assertThat(TicketAccess.seesNotes(null)).isFalse();
        assertThat(TicketAccess.allowedDepartments(null)).isEmpty();
        assertThat(TicketAccess.canAdminister(null, false)).isFalse();
        assertThat(TicketAccess.canRead(ADMIN, null)).isFalse();
    }

    @Test
    void shouldLetAdminsAndConfigScopedKeysAdministerAndNobodyElse() {
        assertThat(TicketAccess.canAdminister(ADMIN, true)).isTrue();
        assertThat(TicketAccess.canAdminister(CONFIG_READER_KEY, false)).isTrue();
        assertThat(TicketAccess.canAdminister(CONFIG_READER_KEY, true)).isFalse();
        assertThat(TicketAccess.canAdminister(CONFIG_WRITER_KEY, true)).isTrue();
        assertThat(TicketAccess.canAdminister(CONFIG_WRITER_KEY, false)).isTrue();
        assertThat(TicketAccess.canAdminister(READER_KEY, false)).isFalse();
        assertThat(TicketAccess.canAdminister(SUPPORT_AGENT, false)).isFalse();
        assertThat(TicketAccess.canAdminister(CLARA, false)).isFalse();
    }

    private static Ticket ticket(String departmentId, String customerEmail, List<String> ccs) {
        Instant created = Instant.parse("2026-03-01T09:30:00Z");
        return Ticket.newBuilder()
                .setTicketId("t-1")
                .setNumber(10_001)
                .setVersion(1)
                .setSubject("Site down")
                .setCustomer(Contact.newBuilder().setEmail(customerEmail).build())
                .setCc(ccs.stream()
                        .map(cc -> Contact.newBuilder().setEmail(cc).build())
                        .toList())
                .setChannel(Channel.EMAIL)
                .setDepartmentId(departmentId)
                .setPriorityId("normal")
                .setStatusId("new")
                .setLifecycle(LifecycleState.NEW)
                .setCreatedAt(created)
                .setUpdatedAt(created)
                .build();
    }
}
