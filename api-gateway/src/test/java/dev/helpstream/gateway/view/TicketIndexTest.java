package dev.helpstream.gateway.view;

import static dev.helpstream.gateway.sla.SlaEventFixtures.breach;
import static dev.helpstream.gateway.sla.SlaEventFixtures.met;
import static dev.helpstream.gateway.sla.SlaEventFixtures.policyWide;
import static dev.helpstream.gateway.sla.SlaEventFixtures.targetsSet;
import static dev.helpstream.gateway.sla.SlaEventFixtures.warning;
import static dev.helpstream.gateway.view.TicketFixtures.T0;
import static dev.helpstream.gateway.view.TicketFixtures.opened;
import static dev.helpstream.gateway.view.TicketFixtures.ticket;
import static dev.helpstream.schema.SlaMetric.FIRST_RESPONSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helpstream.gateway.sla.SlaSummary.State;
import dev.helpstream.gateway.view.TicketIndex.Applied;
import dev.helpstream.gateway.view.TicketIndex.Update;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaEventKind;
import dev.helpstream.schema.Ticket;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The views' index on hand-built tickets: five visible ones with distinct attributes (see {@link
 * #fiveTickets()}) plus a spam, a deleted and a merged one.
 */
class TicketIndexTest {

    private static final Map<String, Integer> RANKS = Map.of("low", 1, "normal", 2, "high", 3);

    @TempDir
    Path directory;

    private TicketIndex index;

    @BeforeEach
    void open() {
        index = TicketIndex.create(directory, () -> RANKS);
    }

    @AfterEach
    void close() throws IOException {
        index.close();
    }

    @Test
    void shouldWipeOnlyItsOwnSubdirectoriesOfAConfiguredDirectory() throws Exception {
        Ticket ticket = ticket(1).build();
        index.apply(List.of(Update.state("t-1", ticket)));
        index.close();
        java.nio.file.Files.writeString(directory.resolve("operator-notes.txt"), "keep me");

        index = TicketIndex.create(directory, () -> RANKS);

        assertThat(index.ticket("t-1")).isEmpty();
        assertThat(index.ticketCount()).isZero();
        assertThat(directory.resolve("operator-notes.txt")).hasContent("keep me");
    }

    @Nested
    class Views {

        @BeforeEach
        void fill() throws IOException {
            List<Update> updates = new ArrayList<>();
            fiveTickets().forEach(ticket -> updates.add(Update.state(ticket.getTicketId(), ticket)));
            updates.add(state(ticket(6).setSpam(true)));
            updates.add(state(ticket(7).setDeleted(true)));
            updates.add(state(ticket(8).setMergedIntoTicketId("t-1")));
            index.apply(updates);
        }

        @Test
        void shouldShowEveryVisibleTicketAndLeaveSpamDeletedAndMergedOutByDefault() {
            TicketPage page = index.query(all().build());

            assertThat(numbers(page)).containsExactly(5L, 4L, 3L, 2L, 1L);
            assertThat(page.totalHits()).isEqualTo(5);
            assertThat(page.nextCursor()).isNull();
            assertThat(index.ticketCount()).isEqualTo(8);
        }

        @Test
        void shouldIncludeSpamDeletedAndMergedTicketsOnlyWhenAsked() {
            assertThat(numbers(index.query(all().includeSpam(true).build()))).containsExactly(6L, 5L, 4L, 3L, 2L, 1L);
            assertThat(numbers(index.query(all().includeDeleted(true).build())))
                    .containsExactly(7L, 5L, 4L, 3L, 2L, 1L);
            assertThat(numbers(index.query(all().includeMerged(true).build()))).containsExactly(8L, 5L, 4L, 3L, 2L, 1L);
            assertThat(numbers(index.query(all().includeSpam(true)
                            .includeDeleted(true)
                            .includeMerged(true)
                            .build())))
                    .containsExactly(8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
        }

        @Test
        void shouldFilterByEachField() {
            assertThat(view(all().lifecycles(Set.of(LifecycleState.OPEN, LifecycleState.NEW))))
                    .containsExactly(5L, 3L, 1L);
            assertThat(view(all().statusIds(Set.of("open")))).containsExactly(5L, 3L, 1L);
            assertThat(view(all().priorityIds(Set.of("high")))).containsExactly(4L, 2L);
            assertThat(view(all().categoryIds(Set.of("billing")))).containsExactly(3L, 1L);
            assertThat(view(all().typeIds(Set.of("question")))).containsExactly(4L, 1L);
            assertThat(view(all().assigneeIds(Set.of("ann")))).containsExactly(4L, 1L);
            assertThat(view(all().assigneeIds(Set.of("ann", "bob")))).containsExactly(4L, 3L, 1L);
            assertThat(view(all().unassignedOnly(true))).containsExactly(5L, 2L);
            assertThat(view(all().departmentIds(Set.of("sales")))).containsExactly(2L);
            assertThat(view(all().serviceIds(Set.of("hosting")))).containsExactly(1L);
            assertThat(view(all().tags(Set.of("vip")))).containsExactly(2L, 1L);
            assertThat(view(all().tags(Set.of("dns", "outage")))).containsExactly(4L, 2L);
        }

        @Test
        void shouldCombineFiltersWithAnd() {
            assertThat(view(all().statusIds(Set.of("open")).departmentIds(Set.of("support"))))
                    .containsExactly(3L, 1L);
            assertThat(view(all().assigneeIds(Set.of("ann")).unassignedOnly(true)))
                    .isEmpty();
            assertThat(view(all().categoryIds(Set.of("billing")).tags(Set.of("vip"))))
                    .containsExactly(1L);
        }

        @Test
        void shouldRestrictToTheAllowedDepartments() {
            assertThat(view(all().allowedDepartmentIds(null))).containsExactly(5L, 4L, 3L, 2L, 1L);
            assertThat(view(all().allowedDepartmentIds(Set.of("support", "billing"))))
                    .containsExactly(5L, 4L, 3L, 1L);
            TicketPage none = index.query(all().allowedDepartmentIds(Set.of()).build());
            assertThat(none.tickets()).isEmpty();
            assertThat(none.totalHits()).isZero();
            assertThat(view(all().allowedDepartmentIds(Set.of("support")).departmentIds(Set.of("sales"))))
                    .isEmpty();
        }

        @Test
        void shouldRestrictToOneCustomerComparingTheEmailTrimmedAndLowerCase() {
            assertThat(view(all().customerEmail(" CAROL@example.com "))).containsExactly(3L);
            assertThat(view(all().customerEmail("carol@example.com").allowedDepartmentIds(Set.of("sales"))))
                    .isEmpty();
            assertThat(view(all().customerEmail("nobody@example.com"))).isEmpty();
        }

        @ParameterizedTest(name = "{0} descending={1}")
        @CsvSource({
            "NUMBER, false, 1 2 3 4 5",
            "NUMBER, true, 5 4 3 2 1",
            "CREATED, false, 4 5 3 2 1",
            "CREATED, true, 1 2 3 5 4",
            "UPDATED, false, 5 3 2 1 4",
            "UPDATED, true, 4 1 2 3 5",
            "STATUS, false, 4 1 3 5 2",
            "STATUS, true, 2 5 3 1 4",
            "PRIORITY, false, 1 2 4 5 3",
            "PRIORITY, true, 3 5 4 2 1",
            "CUSTOMER, false, 2 4 3 1 5",
            "CUSTOMER, true, 5 1 3 4 2"
        })
        void shouldSortByEachFieldWithTheNumberBreakingTies(SortField sort, boolean descending, String expected) {
            assertThat(view(all().sort(sort, descending))).containsExactlyElementsOf(parse(expected));
        }

        @ParameterizedTest(name = "{0} descending={1}")
        @CsvSource({
            "NUMBER, false, 1 2 3 4 5",
            "CREATED, true, 1 2 3 5 4",
            "UPDATED, false, 5 3 2 1 4",
            "STATUS, false, 4 1 3 5 2",
            "STATUS, true, 2 5 3 1 4",
            "PRIORITY, true, 3 5 4 2 1",
            "CUSTOMER, false, 2 4 3 1 5"
        })
        void shouldPageThroughTiesWithCursorsInTheOrderOfTheWholeList(
                SortField sort, boolean descending, String expected) {
            ViewQuery query = all().sort(sort, descending).limit(2).build();
            List<List<Long>> pages = new ArrayList<>();
            TicketPage page = index.query(query);
            pages.add(numbers(page));
            while (page.nextCursor() != null) {
                assertThat(page.totalHits()).isEqualTo(5);
                page = index.query(query.withCursor(page.nextCursor()));
                pages.add(numbers(page));
            }

            List<Long> all = parse(expected);
            assertThat(pages).containsExactly(all.subList(0, 2), all.subList(2, 4), all.subList(4, 5));
            assertThat(page.totalHits()).isEqualTo(5);
        }

        @Test
        void shouldEndWithoutACursorWhenThePageIsExactlyFull() {
            TicketPage page = index.query(all().limit(5).build());

            assertThat(numbers(page)).containsExactly(5L, 4L, 3L, 2L, 1L);
            assertThat(page.nextCursor()).isNull();
        }

        @Test
        void shouldRefuseMalformedCursorsAndCursorsOfAnotherSort() {
            String statusCursor = index.query(
                            all().sort(SortField.STATUS, false).limit(2).build())
                    .nextCursor();

            for (String cursor : List.of("not a cursor!", "AAAA", statusCursor + "AA", "")) {
                assertThatThrownBy(() -> index.query(all().cursor(cursor)
                                .sort(SortField.STATUS, false)
                                .build()))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("malformed cursor");
            }
            assertThatThrownBy(() -> index.query(all().cursor(statusCursor)
                            .sort(SortField.STATUS, true)
                            .build()))
                    .hasMessage("malformed cursor");
            assertThatThrownBy(() -> index.query(all().cursor(statusCursor)
                            .sort(SortField.NUMBER, false)
                            .build()))
                    .hasMessage("malformed cursor");
        }

        @Test
        void shouldFindATicketByIdAndByNumberIncludingHiddenOnes() {
            assertThat(index.ticket("t-3"))
                    .hasValueSatisfying(ticket ->
                            assertThat(ticket.getCustomer().getEmail()).isEqualTo("Carol@Example.com"));
            assertThat(index.ticketByNumber(6))
                    .hasValueSatisfying(ticket -> assertThat(ticket.getSpam()).isTrue());
            assertThat(index.ticket("t-7")).isPresent();
            assertThat(index.ticket("t-99")).isEmpty();
            assertThat(index.ticketByNumber(99)).isEmpty();
        }

        private List<Long> view(ViewQuery.Builder query) {
            return TicketIndexTest.numbers(index.query(query.build()));
        }
    }

    @Nested
    class Search {

        @BeforeEach
        void fill() throws IOException {
            Ticket printer = ticket(11)
                    .setSubject("Printer on fire")
                    .setCustomer(new Contact("paula@example.com", "Paula Smith", null))
                    .build();
            Ticket invoice =
                    ticket(12).setSubject("Invoice question").setVersion(3).build();
            Ticket dns = ticket(13)
                    .setSubject("DNS down")
                    .setDepartmentId("sales")
                    .setVersion(2)
                    .build();
            index.apply(List.of(
                    Update.state("t-11", printer),
                    Update.event(opened(printer, "The device in room 4 is burning")),
                    Update.state("t-12", invoice),
                    Update.event(opened(invoice, "Why was I charged twice?")),
                    Update.event(TicketFixtures.reply(invoice, 2, "We refunded the second charge.")),
                    Update.event(TicketFixtures.note(invoice, 3, "customer is a reseller, check the discount")),
                    Update.state("t-13", dns),
                    Update.event(opened(dns, "my domain does not resolve")),
                    Update.event(TicketFixtures.note(dns, 2, "the burning question: who pays?"))));
        }

        @Test
        void shouldFindBySubjectContentAndAuthor() {
            assertThat(search("printer")).containsExactly(11L);
            assertThat(search("refunded charge")).containsExactly(12L);
            assertThat(search("\"second charge\"")).containsExactly(12L);
            assertThat(search("refund*")).containsExactly(12L);
            assertThat(search("Paula")).containsExactly(11L);
            assertThat(search("paula@example.com")).containsExactly(11L);
            assertThat(search("Ann Agent")).containsExactly(12L);
            assertThat(search("customer-13@example.com")).containsExactly(13L);
        }

        @Test
        void shouldRequireEveryWordAndHonourExclusions() {
            assertThat(search("printer invoice")).isEmpty();
            assertThat(search("burning")).containsExactly(11L);
            assertThat(search("charged -refunded")).isEmpty();
        }

        @Test
        void shouldFindNotesOnlyWhenNotesAreIncluded() {
            assertThat(search("reseller")).isEmpty();
            assertThat(numbers(index.search(new SearchQuery("reseller", all().build(), true))))
                    .containsExactly(12L);
            assertThat(numbers(index.search(new SearchQuery("burning", all().build(), true))))
                    .containsExactlyInAnyOrder(11L, 13L);
        }

        @Test
        void shouldSearchOnlyWithinTheScope() {
            assertThat(numbers(index.search(new SearchQuery(
                            "domain",
                            all().allowedDepartmentIds(Set.of("support")).build(),
                            false))))
                    .isEmpty();
            assertThat(numbers(index.search(new SearchQuery(
                            "domain",
                            all().allowedDepartmentIds(Set.of("sales")).build(),
                            false))))
                    .containsExactly(13L);
            assertThat(numbers(index.search(new SearchQuery(
                            "printer",
                            all().customerEmail("someone@example.com").build(),
                            false))))
                    .isEmpty();
            assertThat(numbers(index.search(new SearchQuery(
                            "printer", all().customerEmail("PAULA@example.com").build(), false))))
                    .containsExactly(11L);
        }

        @Test
        void shouldLeaveSpamOutOfResultsUnlessTheScopeIncludesIt() throws IOException {
            index.apply(List.of(
                    state(ticket(11).setSubject("Printer on fire").setSpam(true).setVersion(2))));

            assertThat(search("printer")).isEmpty();
            assertThat(numbers(index.search(
                            new SearchQuery("printer", all().includeSpam(true).build(), false))))
                    .containsExactly(11L);
        }

        @Test
        void shouldPutTheTicketWithTheSearchedNumberFirst() {
            assertThat(search("#12")).containsExactly(12L);
            assertThat(search("13")).containsExactly(13L);
        }

        @Test
        void shouldRankEqualMatchesByNumberNewestFirstAndPageThem() throws IOException {
            List<Update> same = new ArrayList<>();
            for (long number = 21; number <= 23; number++) {
                Ticket ticket = ticket(number).setSubject("Identical words").build();
                same.add(Update.state(ticket.getTicketId(), ticket));
            }
            index.apply(same);
            ViewQuery scope = all().limit(2).build();

            TicketPage first = index.search(new SearchQuery("identical", scope, false));
            TicketPage second = index.search(new SearchQuery("identical", scope.withCursor(first.nextCursor()), false));

            assertThat(numbers(first)).containsExactly(23L, 22L);
            assertThat(first.totalHits()).isEqualTo(3);
            assertThat(numbers(second)).containsExactly(21L);
            assertThat(second.nextCursor()).isNull();
        }

        @Test
        void shouldRefuseTextWithNothingToSearchForWithAClearMessage() {
            assertThatThrownBy(() -> new SearchQuery("  ", all().build(), false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("search text must not be empty");
            assertThatThrownBy(() -> new SearchQuery("x".repeat(501), all().build(), false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("search text must be at most 500 characters");
            for (String text : List.of("!!! ???", "-printer", "\"\"")) {
                assertThatThrownBy(() -> search(text))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("search text must contain at least one word to find"
                                + " (letters or digits, not only exclusions)");
            }
        }

        @Test
        void shouldTakeLuceneSyntaxLiterally() {
            assertThat(search("printer AND (fire")).isEmpty();
            assertThat(search("printer (fire) [")).containsExactly(11L);
            assertThat(search("subject:printer")).isEmpty();
        }

        @Test
        void shouldRefuseACursorOfAViewForASearch() {
            String viewCursor = index.query(all().limit(1).build()).nextCursor();

            assertThatThrownBy(() -> index.search(
                            new SearchQuery("printer", all().cursor(viewCursor).build(), false)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("malformed cursor");
        }

        private List<Long> search(String text) {
            return numbers(index.search(new SearchQuery(text, all().build(), false)));
        }
    }

    @Nested
    class Conversations {

        private final Ticket ticket = ticket(31).setVersion(4).build();

        @Test
        void shouldReturnEveryEventInVersionOrderNotesIncluded() throws IOException {
            index.apply(List.of(
                    Update.event(opened(ticket, "hello")), Update.event(TicketFixtures.reply(ticket, 2, "hi"))));
            index.apply(List.of(
                    Update.event(TicketFixtures.note(ticket, 3, "internal")),
                    Update.event(TicketFixtures.statusChanged(ticket, 4, "open", "pending")),
                    Update.state("t-31", ticket)));

            assertThat(index.conversation("t-31"))
                    .extracting(
                            event -> event.getVersion(),
                            event -> event.getPayload().getClass().getSimpleName())
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(1L, "TicketOpened"),
                            org.assertj.core.groups.Tuple.tuple(2L, "MessageAdded"),
                            org.assertj.core.groups.Tuple.tuple(3L, "NoteAdded"),
                            org.assertj.core.groups.Tuple.tuple(4L, "StatusChanged"));
            assertThat(index.conversation("t-99")).isEmpty();
        }

        @Test
        void shouldApplyARedeliveredEventOnce() throws IOException {
            List<Update> batch = List.of(
                    Update.state("t-31", ticket),
                    Update.event(opened(ticket, "hello printer")),
                    Update.event(TicketFixtures.reply(ticket, 2, "hi")));
            index.apply(batch);

            List<Applied> again = index.apply(batch);
            List<Applied> withinOneBatch = index.apply(List.of(
                    Update.event(TicketFixtures.note(ticket, 3, "once")),
                    Update.event(TicketFixtures.note(ticket, 3, "once"))));

            assertThat(again).isEmpty();
            assertThat(withinOneBatch).singleElement().satisfies(applied -> {
                assertThat(applied.newEvents())
                        .extracting(event -> event.getVersion())
                        .containsExactly(3L);
                assertThat(applied.eventVersion()).isEqualTo(3);
            });
            assertThat(index.conversation("t-31"))
                    .extracting(event -> event.getVersion())
                    .containsExactly(1L, 2L, 3L);
            assertThat(index.search(new SearchQuery("printer", all().build(), false))
                            .totalHits())
                    .isEqualTo(1);
        }
    }

    @Nested
    class Snapshots {

        @Test
        void shouldHideATicketUntilItsSnapshotArrivesThenSearchTheTextOfItsEarlierEvents() throws IOException {
            Ticket ticket = ticket(41).setSubject("Late snapshot").build();

            List<Applied> eventsOnly = index.apply(List.of(Update.event(opened(ticket, "the kettle whistles"))));

            assertThat(eventsOnly).singleElement().satisfies(applied -> {
                assertThat(applied.snapshot()).isNull();
                assertThat(applied.eventVersion()).isEqualTo(1);
            });
            assertThat(index.ticket("t-41")).isEmpty();
            assertThat(index.query(all().build()).totalHits()).isZero();
            assertThat(index.ticketCount()).isZero();
            assertThat(index.conversation("t-41")).hasSize(1);

            List<Applied> withSnapshot = index.apply(List.of(Update.state("t-41", ticket)));

            assertThat(withSnapshot).singleElement().satisfies(applied -> {
                assertThat(applied.snapshot()).isEqualTo(ticket);
                assertThat(applied.stateChanged()).isTrue();
                assertThat(applied.newEvents()).isEmpty();
            });
            assertThat(numbers(index.search(new SearchQuery("kettle", all().build(), false))))
                    .containsExactly(41L);
            assertThat(index.ticketCount()).isEqualTo(1);
        }

        @Test
        void shouldBuildOnBatchesNotYetVisibleAndShowThemAllAtTheRefresh() throws IOException {
            Ticket ticket = ticket(45).setSubject("Deferred").setVersion(2).build();
            index.apply(List.of(Update.state("t-45", ticket), Update.event(opened(ticket, "first words"))), false);

            List<Applied> second = index.apply(
                    List.of(
                            Update.event(opened(ticket, "first words")),
                            Update.event(TicketFixtures.reply(ticket, 2, "second words"))),
                    false);

            assertThat(second).singleElement().satisfies(applied -> {
                assertThat(applied.snapshot()).isEqualTo(ticket);
                assertThat(applied.newEvents())
                        .extracting(event -> event.getVersion())
                        .containsExactly(2L);
            });
            assertThat(index.ticket("t-45")).isEmpty();
            assertThat(index.conversation("t-45")).isEmpty();
            assertThat(index.ticketCount()).isEqualTo(1);

            index.refresh();

            assertThat(index.ticket("t-45")).contains(ticket);
            assertThat(index.conversation("t-45"))
                    .extracting(event -> event.getVersion())
                    .containsExactly(1L, 2L);
            assertThat(numbers(index.search(new SearchQuery("first second", all().build(), false))))
                    .containsExactly(45L);
        }

        @Test
        void shouldKeepTheNewestSnapshotWhenAnOlderOneArrivesLater() throws IOException {
            index.apply(List.of(state(ticket(42).setVersion(3).setStatusId("pending"))));

            List<Applied> stale = index.apply(List.of(state(ticket(42).setVersion(2))));

            assertThat(stale).isEmpty();
            assertThat(index.ticket("t-42")).hasValueSatisfying(ticket -> {
                assertThat(ticket.getVersion()).isEqualTo(3);
                assertThat(ticket.getStatusId()).isEqualTo("pending");
            });
        }

        @Test
        void shouldForgetATicketOnATombstoneButKeepItsConversation() throws IOException {
            Ticket ticket = ticket(43).build();
            index.apply(List.of(Update.state("t-43", ticket), Update.event(opened(ticket, "bye"))));

            index.apply(List.of(Update.state("t-43", null)));

            assertThat(index.ticket("t-43")).isEmpty();
            assertThat(index.ticketByNumber(43)).isEmpty();
            assertThat(index.ticketCount()).isZero();
            assertThat(index.conversation("t-43")).hasSize(1);
        }

        @Test
        void shouldReplaceTheFiltersWhenTheSnapshotChanges() throws IOException {
            index.apply(List.of(state(ticket(44).setStatusId("open"))));
            index.apply(List.of(state(ticket(44).setVersion(2).setStatusId("closed"))));

            assertThat(numbers(index.query(all().statusIds(Set.of("open")).build())))
                    .isEmpty();
            assertThat(numbers(index.query(all().statusIds(Set.of("closed")).build())))
                    .containsExactly(44L);
            assertThat(index.ticketCount()).isEqualTo(1);
        }

        @Test
        void shouldCountEveryMatchBeyondTheFirstThousand() throws IOException {
            List<Update> many = new ArrayList<>();
            for (long number = 1; number <= 1_500; number++) {
                many.add(state(ticket(number).setStatusId(number % 3 == 0 ? "closed" : "open")));
            }
            index.apply(many);

            TicketPage page = index.query(all().statusIds(Set.of("open"))
                    .sort(SortField.NUMBER, false)
                    .limit(3)
                    .build());

            assertThat(numbers(page)).containsExactly(1L, 2L, 4L);
            assertThat(page.totalHits()).isEqualTo(1_000);
            assertThat(index.query(all().build()).totalHits()).isEqualTo(1_500);
        }
    }

    /**
     * The SLA side of the index: tickets 11 to 19 with SLA summaries folded from their events. Due
     * instants (minutes after T0): 11 breached at 60, 12 at risk due 90 (billing), 13 running due
     * 30, 14 breached at 10 but closed, 15 at risk then paused, 16 breached then met, 17 without
     * SLA, 18 breached at 20 but spam, 19 at risk due 75 and resolved.
     */
    @Nested
    class Sla {

        private static final Set<LifecycleState> NOT_CLOSED = EnumSet.complementOf(EnumSet.of(LifecycleState.CLOSED));

        private long offset;

        @BeforeEach
        void fill() throws IOException {
            List<Update> updates = new ArrayList<>();
            updates.add(state(ticket(11)));
            updates.add(state(ticket(12).setDepartmentId("billing")));
            updates.add(state(ticket(13)));
            updates.add(state(ticket(14).setLifecycle(LifecycleState.CLOSED).setStatusId("closed")));
            updates.add(state(ticket(15)));
            updates.add(state(ticket(16)));
            updates.add(state(ticket(17)));
            updates.add(state(ticket(18).setSpam(true)));
            updates.add(state(ticket(19).setLifecycle(LifecycleState.RESOLVED)));
            breached(updates, 11, 60);
            atRisk(updates, 12, 90);
            updates.add(sla(targetsSet("t-13", FIRST_RESPONSE, T0, minute(20), minute(30))));
            breached(updates, 14, 10);
            atRisk(updates, 15, 40);
            updates.add(sla(policyWide("t-15", SlaEventKind.PAUSED, minute(35))));
            breached(updates, 16, 50);
            updates.add(sla(met("t-16", FIRST_RESPONSE, minute(55), -300_000L)));
            breached(updates, 18, 20);
            atRisk(updates, 19, 75);
            index.apply(updates);
        }

        @Test
        void shouldListInTheLateViewTheTicketsNotClosedWithATargetBreachedOrAtRiskEarliestDueFirst() {
            TicketPage page = index.query(late().build());

            assertThat(numbers(page)).containsExactly(11L, 19L, 12L);
            assertThat(page.totalHits()).isEqualTo(3);
            assertThat(page.slaOf("t-11")
                            .orElseThrow()
                            .target(FIRST_RESPONSE)
                            .orElseThrow()
                            .state())
                    .isEqualTo(State.BREACHED);
            assertThat(page.slaOf("t-12")
                            .orElseThrow()
                            .target(FIRST_RESPONSE)
                            .orElseThrow()
                            .state())
                    .isEqualTo(State.AT_RISK);
            assertThat(numbers(index.query(late().includeSpam(true).build()))).containsExactly(18L, 11L, 19L, 12L);
        }

        @Test
        void shouldLimitTheLateViewToTheAllowedDepartmentsAndPageIt() {
            assertThat(numbers(index.query(
                            late().allowedDepartmentIds(Set.of("support")).build())))
                    .containsExactly(11L, 19L);
            assertThat(index.query(late().allowedDepartmentIds(Set.of()).build())
                            .tickets())
                    .isEmpty();

            TicketPage first = index.query(late().limit(2).build());
            TicketPage second =
                    index.query(late().limit(2).cursor(first.nextCursor()).build());

            assertThat(numbers(first)).containsExactly(11L, 19L);
            assertThat(numbers(second)).containsExactly(12L);
            assertThat(second.nextCursor()).isNull();
            assertThat(second.totalHits()).isEqualTo(3);
        }

        @Test
        void shouldSortAnyViewByTheEarliestOpenDueWithTicketsWithoutOneLastInBothDirections() {
            assertThat(numbers(index.query(all().sort(SortField.SLA_DUE, false).build())))
                    .containsExactly(14L, 13L, 11L, 19L, 12L, 15L, 16L, 17L);
            assertThat(numbers(index.query(all().sort(SortField.SLA_DUE, true).build())))
                    .containsExactly(12L, 19L, 11L, 13L, 14L, 17L, 16L, 15L);

            List<Long> paged = new ArrayList<>();
            ViewQuery query = all().sort(SortField.SLA_DUE, false).limit(3).build();
            TicketPage page = index.query(query);
            paged.addAll(numbers(page));
            while (page.nextCursor() != null) {
                page = index.query(query.withCursor(page.nextCursor()));
                paged.addAll(numbers(page));
            }
            assertThat(paged).containsExactly(14L, 13L, 11L, 19L, 12L, 15L, 16L, 17L);
        }

        @Test
        void shouldKeepTheSummaryWhenTheSnapshotChangesAndHoldOneThatArrivedBeforeTheTicket() throws IOException {
            index.apply(List.of(
                    state(ticket(11).setVersion(2).setAssigneeId("ann")),
                    sla(targetsSet("t-20", FIRST_RESPONSE, T0, minute(1), minute(2))),
                    sla(warning("t-20", FIRST_RESPONSE, minute(1), minute(2)))));

            assertThat(index.sla("t-11").orElseThrow().late()).isTrue();
            assertThat(numbers(index.query(late().build()))).containsExactly(11L, 19L, 12L);
            assertThat(index.sla("t-20").orElseThrow().late()).isTrue();

            index.apply(List.of(state(ticket(20))));

            assertThat(numbers(index.query(late().build()))).containsExactly(20L, 11L, 19L, 12L);
        }

        @Test
        void shouldTellWhichTicketsSlaChangedAndIgnoreARedeliveredRecord() throws IOException {
            SlaEvent breach = breach("t-13", FIRST_RESPONSE, minute(20), minute(30));
            long at = ++offset;

            List<Applied> applied = index.apply(List.of(Update.sla("t-13", breach, at)));

            assertThat(applied).singleElement().satisfies(change -> {
                assertThat(change.slaChanged()).isTrue();
                assertThat(change.stateChanged()).isFalse();
                assertThat(change.snapshot().getTicketId()).isEqualTo("t-13");
                assertThat(change.sla().late()).isTrue();
            });
            assertThat(index.apply(
                            List.of(Update.sla("t-13", policyWide("t-13", SlaEventKind.CLEARED, minute(31)), at))))
                    .isEmpty();
            assertThat(index.sla("t-13").orElseThrow().late()).isTrue();

            assertThat(index.apply(List.of(
                            Update.sla("t-13", policyWide("t-13", SlaEventKind.CLEARED, minute(31)), ++offset))))
                    .singleElement()
                    .satisfies(change -> {
                        // The breach stays as history; the ticket is neither late nor due any more.
                        assertThat(change.sla().late()).isFalse();
                        assertThat(change.sla().earliestOpenDue()).isEmpty();
                    });
            assertThat(index.sla("t-13")
                            .orElseThrow()
                            .target(FIRST_RESPONSE)
                            .orElseThrow()
                            .clearedAt())
                    .isEqualTo(minute(31));
            assertThat(numbers(index.query(late().build()))).doesNotContain(13L);
            assertThat(numbers(index.query(
                            all().sort(SortField.SLA_DUE, false).limit(1).build())))
                    .containsExactly(14L);
        }

        private void breached(List<Update> updates, long number, long dueMinute) {
            String id = "t-" + number;
            updates.add(sla(targetsSet(id, FIRST_RESPONSE, T0, minute(dueMinute - 5), minute(dueMinute))));
            updates.add(sla(warning(id, FIRST_RESPONSE, minute(dueMinute - 5), minute(dueMinute))));
            updates.add(sla(breach(id, FIRST_RESPONSE, minute(dueMinute - 5), minute(dueMinute))));
        }

        private void atRisk(List<Update> updates, long number, long dueMinute) {
            String id = "t-" + number;
            updates.add(sla(targetsSet(id, FIRST_RESPONSE, T0, minute(dueMinute - 5), minute(dueMinute))));
            updates.add(sla(warning(id, FIRST_RESPONSE, minute(dueMinute - 5), minute(dueMinute))));
        }

        private Update sla(SlaEvent event) {
            return Update.sla(event.getTicketId(), event, ++offset);
        }

        private ViewQuery.Builder late() {
            return all().lateOnly(true).lifecycles(NOT_CLOSED).sort(SortField.SLA_DUE, false);
        }
    }

    /**
     * Tickets 1 to 5. Created: 1 last, 4 and 5 first at the same minute. Updated: 1 and 4 last at
     * the same minute. Status: 4 closed, 1 3 5 open, 2 pending. Priority: 1 normal, 2 and 4 high, 3
     * low but important, 5 unknown but important. Customer: 1 and 5 "Zed", 2 "adam", 3 only an email,
     * 4 "Bea".
     */
    static List<Ticket> fiveTickets() {
        return List.of(
                ticket(1)
                        .setCreatedAt(minute(5))
                        .setUpdatedAt(minute(100))
                        .setLifecycle(LifecycleState.OPEN)
                        .setPriorityId("normal")
                        .setCategoryId("billing")
                        .setTypeId("question")
                        .setAssigneeId("ann")
                        .setServiceId("hosting")
                        .setTags(List.of("vip"))
                        .setCustomer(new Contact("zed@example.com", "Zed", null))
                        .build(),
                ticket(2)
                        .setCreatedAt(minute(4))
                        .setUpdatedAt(minute(90))
                        .setDepartmentId("sales")
                        .setStatusId("pending")
                        .setLifecycle(LifecycleState.WAITING_ON_CUSTOMER)
                        .setPriorityId("high")
                        .setTypeId("incident")
                        .setServiceId("dns")
                        .setTags(List.of("dns", "vip"))
                        .setCustomer(new Contact("adam@example.com", "adam", null))
                        .build(),
                ticket(3)
                        .setCreatedAt(minute(3))
                        .setUpdatedAt(minute(80))
                        .setPriorityId("low")
                        .setImportant(true)
                        .setCategoryId("billing")
                        .setAssigneeId("bob")
                        .setCustomer(new Contact("Carol@Example.com", null, null))
                        .build(),
                ticket(4)
                        .setCreatedAt(minute(1))
                        .setUpdatedAt(minute(100))
                        .setStatusId("closed")
                        .setLifecycle(LifecycleState.CLOSED)
                        .setPriorityId("high")
                        .setCategoryId("tech")
                        .setTypeId("question")
                        .setAssigneeId("ann")
                        .setTags(List.of("outage"))
                        .setCustomer(new Contact("bea@example.com", "Bea", null))
                        .build(),
                ticket(5)
                        .setCreatedAt(minute(1))
                        .setUpdatedAt(minute(70))
                        .setDepartmentId("billing")
                        .setLifecycle(LifecycleState.NEW)
                        .setPriorityId("mystery")
                        .setImportant(true)
                        .setCustomer(new Contact("zed@other.example", "zed", null))
                        .build());
    }

    private static java.time.Instant minute(long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static Update state(Ticket.Builder ticket) {
        Ticket built = ticket.build();
        return Update.state(built.getTicketId(), built);
    }

    static ViewQuery.Builder all() {
        return ViewQuery.builder();
    }

    static List<Long> numbers(TicketPage page) {
        return page.tickets().stream().map(Ticket::getNumber).toList();
    }

    private static List<Long> parse(String numbers) {
        return Arrays.stream(numbers.split(" ")).map(Long::valueOf).toList();
    }
}
