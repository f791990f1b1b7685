package dev.helpstream.sla.whatif;

import static dev.helpstream.sla.SlaPolicies.businessTarget;
import static dev.helpstream.sla.SlaPolicies.policy;
import static dev.helpstream.sla.SlaPolicies.target;
import static dev.helpstream.sla.whatif.Helpdesk.departments;
import static dev.helpstream.sla.whatif.Helpdesk.statusTarget;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.sla.clock.SlaConfig;
import dev.helpstream.sla.whatif.Helpdesk.Ticket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The what-if on hand-built histories: each test replays tickets against a live policy and a draft
 * and checks the exact figures and changed outcomes.
 */
class WhatIfTest {

    /** Monday 3 March 2025, 09:00 UTC. */
    private static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");

    private static final Instant END = T0.plus(Duration.ofDays(7));

    /** The live charter: first response in 60 minutes, resolution in 8 hours, wall-clock. */
    private static SlaPolicy.Builder standard(int firstResponseMinutes, int resolutionMinutes) {
        return policy(
                "Standard",
                10,
                target(SlaMetric.FIRST_RESPONSE, firstResponseMinutes),
                target(SlaMetric.RESOLUTION, resolutionMinutes));
    }

    private static SlaConfig live() {
        return new Helpdesk().policy("std", standard(60, 480).build()).config();
    }

    @Test
    void shouldTurnAMetFirstResponseIntoABreachUnderAShorterDraftTarget() {
        Ticket late = new Ticket("t-1", 10001)
                .opened(T0, "hosting")
                .staffReply(T0.plus(minutes(45)))
                .closed(T0.plus(minutes(120)), "open");
        Ticket quick = new Ticket("t-2", 10002)
                .opened(T0.plus(minutes(5)), "hosting")
                .staffReply(T0.plus(minutes(25)))
                .closed(T0.plus(minutes(90)), "open");

        WhatIfReport report = WhatIf.replay(
                List.of(late.history(), quick.history()),
                live(),
                new DraftPolicy("std", standard(30, 480).build()),
                END);

        assertThat(report.tickets()).isEqualTo(2);
        assertThat(report.current().overall()).isEqualTo(new Tally(4, 0, 0));
        assertThat(report.current().overall().compliancePercent()).isEqualTo(100.0);
        assertThat(report.draft().overall()).isEqualTo(new Tally(3, 1, 0));
        assertThat(report.draft().overall().compliancePercent()).isEqualTo(75.0);
        assertThat(report.draft().byMetric())
                .containsExactly(
                        Map.entry(SlaMetric.FIRST_RESPONSE, new Tally(1, 1, 0)),
                        Map.entry(SlaMetric.NEXT_RESPONSE, Tally.ZERO),
                        Map.entry(SlaMetric.RESOLUTION, new Tally(2, 0, 0)),
                        Map.entry(SlaMetric.STATUS_REACHED, Tally.ZERO));
        assertThat(report.draft().byMetric().get(SlaMetric.FIRST_RESPONSE).compliancePercent())
                .isEqualTo(50.0);
        assertThat(report.draft().byMetric().get(SlaMetric.NEXT_RESPONSE).compliancePercent())
                .isNull();
        assertThat(report.changedCount()).isEqualTo(1);
        assertThat(report.changed())
                .containsExactly(
                        new Change("t-1", 10001, SlaMetric.FIRST_RESPONSE, null, Outcome.MET, Outcome.BREACHED));
    }

    @Test
    void shouldTurnABreachIntoMetUnderALongerDraftTarget() {
        Ticket ticket = new Ticket("t-1", 10001)
                .opened(T0, "hosting")
                .staffReply(T0.plus(minutes(90)))
                .closed(T0.plus(minutes(600)), "open");

        WhatIfReport report = WhatIf.replay(
                List.of(ticket.history()),
                live(),
                new DraftPolicy("std", standard(120, 720).build()),
                END);

        assertThat(report.current().byMetric().get(SlaMetric.FIRST_RESPONSE)).isEqualTo(new Tally(0, 1, 0));
        assertThat(report.current().byMetric().get(SlaMetric.RESOLUTION)).isEqualTo(new Tally(0, 1, 0));
        assertThat(report.current().overall().compliancePercent()).isEqualTo(0.0);
        assertThat(report.draft().overall()).isEqualTo(new Tally(2, 0, 0));
        assertThat(report.draft().overall().compliancePercent()).isEqualTo(100.0);
        assertThat(report.changed())
                .containsExactly(
                        new Change("t-1", 10001, SlaMetric.FIRST_RESPONSE, null, Outcome.BREACHED, Outcome.MET),
                        new Change("t-1", 10001, SlaMetric.RESOLUTION, null, Outcome.BREACHED, Outcome.MET));
        assertThat(report.changedCount()).isEqualTo(2);
    }

    @Test
    void shouldCountAReplyAtTheDueMillisecondAsMetInTimeAsTheClockProcessorDoes() {
        Ticket ticket = new Ticket("t-1", 10001)
                .opened(T0, "hosting")
                .staffReply(T0.plus(minutes(60)))
                .closed(T0.plus(minutes(480)), "open");

        WhatIfReport report = WhatIf.replay(
                List.of(ticket.history()),
                live(),
                new DraftPolicy("std", standard(59, 480).build()),
                END);

        assertThat(report.current().overall()).isEqualTo(new Tally(2, 0, 0));
        assertThat(report.draft().byMetric().get(SlaMetric.FIRST_RESPONSE)).isEqualTo(new Tally(0, 1, 0));
        assertThat(report.changed())
                .containsExactly(
                        new Change("t-1", 10001, SlaMetric.FIRST_RESPONSE, null, Outcome.MET, Outcome.BREACHED));
    }

    @Test
    void shouldChangeNothingWithADraftScopedToAnotherDepartment() {
        Ticket ticket = new Ticket("t-1", 10001)
                .opened(T0, "hosting")
                .staffReply(T0.plus(minutes(45)))
                .closed(T0.plus(minutes(600)), "open");
        SlaPolicy billingOnly = policy("Billing gold", 1, target(SlaMetric.FIRST_RESPONSE, 10))
                .setScope(departments("billing"))
                .build();

        WhatIfReport report =
                WhatIf.replay(List.of(ticket.history()), live(), new DraftPolicy("billing-gold", billingOnly), END);

        assertThat(report.current().overall()).isEqualTo(new Tally(1, 1, 0));
        assertThat(report.draft()).isEqualTo(report.current());
        assertThat(report.changedCount()).isZero();
        assertThat(report.changed()).isEmpty();
    }

    @Test
    void shouldCountADraftInBusinessHoursAcrossAWeekend() {
        // Friday 7 March 2025, 16:00 in Paris; the reply on Monday at 10:30, the close at 11:00.
        Instant friday = Instant.parse("2025-03-07T15:00:00Z");
        Ticket ticket = new Ticket("t-1", 10001)
                .opened(friday, "hosting")
                .staffReply(Instant.parse("2025-03-10T09:30:00Z"))
                .closed(Instant.parse("2025-03-10T10:00:00Z"), "open");
        SlaConfig live =
                new Helpdesk().policy("std", standard(240, 480).build()).config();
        // Four working hours: one on Friday, three on Monday morning (due 12:00 Paris); eight for
        // the resolution (due Monday 16:00 Paris).
        SlaPolicy officeHours = policy(
                        "Standard",
                        10,
                        businessTarget(SlaMetric.FIRST_RESPONSE, 240),
                        businessTarget(SlaMetric.RESOLUTION, 480))
                .setCalendarId("paris")
                .build();

        WhatIfReport report = WhatIf.replay(
                List.of(ticket.history()),
                live,
                new DraftPolicy("std", officeHours),
                Instant.parse("2025-03-14T00:00:00Z"));

        assertThat(report.current().overall()).isEqualTo(new Tally(0, 2, 0));
        assertThat(report.draft().overall()).isEqualTo(new Tally(2, 0, 0));
        assertThat(report.changed())
                .containsExactly(
                        new Change("t-1", 10001, SlaMetric.FIRST_RESPONSE, null, Outcome.BREACHED, Outcome.MET),
                        new Change("t-1", 10001, SlaMetric.RESOLUTION, null, Outcome.BREACHED, Outcome.MET));
    }

    @Test
    void shouldLeaveOutTheTimeTheTicketWaitedOnTheCustomerWhenTheDraftPausesThere() {
        // 30 minutes open, three days waiting on the customer, one more hour open: 90 running minutes.
        Ticket ticket = new Ticket("t-1", 10001)
                .opened(T0, "hosting")
                .staffReply(T0.plus(minutes(10)))
                .status(T0.plus(minutes(30)), "open", "waiting")
                .customerReply(T0.plus(Duration.ofDays(3)))
                .status(T0.plus(Duration.ofDays(3)), "waiting", "open")
                .closed(T0.plus(Duration.ofDays(3)).plus(minutes(60)), "open");

        WhatIfReport pausing = WhatIf.replay(
                List.of(ticket.history()),
                live(),
                new DraftPolicy("std", standard(60, 120).build()),
                END);
        WhatIfReport notPausing = WhatIf.replay(
                List.of(ticket.history()),
                live(),
                new DraftPolicy(
                        "std", standard(60, 120).setPauseOnStatusIds(List.of()).build()),
                END);

        assertThat(pausing.current().overall()).isEqualTo(new Tally(2, 0, 0));
        assertThat(pausing.draft().overall()).isEqualTo(new Tally(2, 0, 0));
        assertThat(pausing.changed()).isEmpty();
        assertThat(notPausing.draft().byMetric().get(SlaMetric.RESOLUTION)).isEqualTo(new Tally(0, 1, 0));
        assertThat(notPausing.changed())
                .containsExactly(new Change("t-1", 10001, SlaMetric.RESOLUTION, null, Outcome.MET, Outcome.BREACHED));
    }

    @Test
    void shouldReportTheCurrentFiguresForADisabledDraftOfItsOwn() {
        Ticket ticket = new Ticket("t-1", 10001)
                .opened(T0, "hosting")
                .staffReply(T0.plus(minutes(45)))
                .closed(T0.plus(minutes(120)), "open");
        SlaPolicy disabled = policy("Strict", 1, target(SlaMetric.FIRST_RESPONSE, 1))
                .setEnabled(false)
                .build();

        WhatIfReport report =
                WhatIf.replay(List.of(ticket.history()), live(), new DraftPolicy("strict", disabled), END);

        assertThat(report.draft()).isEqualTo(report.current());
        assertThat(report.current().overall()).isEqualTo(new Tally(2, 0, 0));
        assertThat(report.changedCount()).isZero();
    }

    @Test
    void shouldCountNoTargetWhenTheDraftDisablesTheLivePolicy() {
        Ticket ticket = new Ticket("t-1", 10001)
                .opened(T0, "hosting")
                .staffReply(T0.plus(minutes(45)))
                .closed(T0.plus(minutes(120)), "open");

        WhatIfReport report = WhatIf.replay(
                List.of(ticket.history()),
                live(),
                new DraftPolicy("std", standard(60, 480).setEnabled(false).build()),
                END);

        assertThat(report.draft().overall()).isEqualTo(Tally.ZERO);
        assertThat(report.draft().overall().compliancePercent()).isNull();
        assertThat(report.changed())
                .containsExactly(
                        new Change("t-1", 10001, SlaMetric.FIRST_RESPONSE, null, Outcome.MET, Outcome.NONE),
                        new Change("t-1", 10001, SlaMetric.RESOLUTION, null, Outcome.MET, Outcome.NONE));
    }

    @Test
    void shouldFireTheDeadlinesDueByTheEndAndLeaveTheOthersRunning() {
        Ticket ticket = new Ticket("t-1", 10001).opened(T0, "hosting").staffReply(T0.plus(minutes(180)));
        WhatIf whatIf =
                new WhatIf(live(), new DraftPolicy("std", standard(150, 480).build()), T0.plus(minutes(120)));

        List<Boolean> replayed = new ArrayList<>();
        ticket.history().forEach(recorded -> replayed.add(whatIf.accept(recorded.event(), recorded.at())));
        WhatIfReport report = whatIf.report();

        assertThat(replayed).containsExactly(true, false);
        assertThat(report.current().overall()).isEqualTo(new Tally(0, 1, 1));
        assertThat(report.current().overall().compliancePercent()).isEqualTo(0.0);
        assertThat(report.draft().overall()).isEqualTo(new Tally(0, 0, 2));
        assertThat(report.draft().overall().compliancePercent()).isNull();
        assertThat(report.changed())
                .containsExactly(
                        new Change("t-1", 10001, SlaMetric.FIRST_RESPONSE, null, Outcome.BREACHED, Outcome.RUNNING));
        assertThat(whatIf.report()).isSameAs(report);
    }

    @Test
    void shouldNameTheStatusOfAStatusReachedTargetTheDraftAdds() {
        Ticket ticket = new Ticket("t-1", 10001)
                .opened(T0, "hosting")
                .staffReply(T0.plus(minutes(20)))
                .status(T0.plus(minutes(40)), "open", "resolved");

        WhatIfReport report = WhatIf.replay(
                List.of(ticket.history()),
                live(),
                new DraftPolicy(
                        "std",
                        policy(
                                        "Standard",
                                        10,
                                        target(SlaMetric.FIRST_RESPONSE, 60),
                                        target(SlaMetric.RESOLUTION, 480),
                                        statusTarget("resolved", 30))
                                .build()),
                END);

        assertThat(report.draft().byMetric().get(SlaMetric.STATUS_REACHED)).isEqualTo(new Tally(0, 1, 0));
        assertThat(report.changed())
                .containsExactly(
                        new Change("t-1", 10001, SlaMetric.STATUS_REACHED, "resolved", Outcome.NONE, Outcome.BREACHED));
    }

    @Test
    void shouldListAHundredChangesInOpeningOrderAndCountThemAll() {
        List<List<WhatIf.Recorded>> histories = new ArrayList<>();
        for (int i = 149; i >= 0; i--) {
            Instant opened = T0.plus(minutes(i));
            histories.add(new Ticket("t-" + i, 20000 + i)
                    .opened(opened, "hosting")
                    .staffReply(opened.plus(minutes(45)))
                    .history());
        }

        WhatIfReport report = WhatIf.replay(
                histories, live(), new DraftPolicy("std", standard(30, 480).build()), T0.plus(minutes(400)));

        assertThat(report.tickets()).isEqualTo(150);
        assertThat(report.changedCount()).isEqualTo(150);
        assertThat(report.changed()).hasSize(WhatIf.MAX_CHANGES);
        assertThat(report.changed().get(0).ticketId()).isEqualTo("t-0");
        assertThat(report.changed().get(99).number()).isEqualTo(20099);
        assertThat(report.draft().byMetric().get(SlaMetric.FIRST_RESPONSE)).isEqualTo(new Tally(0, 150, 0));
        assertThat(report.draft().byMetric().get(SlaMetric.RESOLUTION)).isEqualTo(new Tally(0, 0, 150));
    }

    @Test
    void shouldGiveTheSameReportWhateverTheInterleavingAndSkipTicketsOpenedBefore() {
        List<WhatIf.Recorded> first = new Ticket("t-1", 10001)
                .opened(T0, "hosting")
                .staffReply(T0.plus(minutes(45)))
                .closed(T0.plus(minutes(500)), "open")
                .history();
        List<WhatIf.Recorded> second = new Ticket("t-2", 10002)
                .opened(T0.plus(minutes(10)), "hosting")
                .staffReply(T0.plus(minutes(20)))
                .history();
        // Opened before the period: only its later events are in it.
        List<WhatIf.Recorded> older = new Ticket("t-0", 10000)
                .opened(T0.minus(Duration.ofDays(3)), "hosting")
                .staffReply(T0.plus(minutes(5)))
                .history()
                .subList(1, 2);
        List<WhatIf.Recorded> interleaved =
                List.of(older.get(0), first.get(0), second.get(0), first.get(1), second.get(1), first.get(2));
        DraftPolicy draft = new DraftPolicy("std", standard(30, 480).build());

        WhatIfReport sequential = WhatIf.replay(List.of(first, second, older), live(), draft, END);
        WhatIf streamed = new WhatIf(live(), draft, END);
        interleaved.forEach(recorded -> streamed.accept(recorded.event(), recorded.at()));

        assertThat(streamed.tickets()).isEqualTo(2);
        assertThat(streamed.report()).isEqualTo(sequential);
        // t-1 resolved after 500 minutes and t-2 never: both resolutions breached by the end.
        assertThat(sequential.current().overall()).isEqualTo(new Tally(2, 2, 0));
        assertThat(sequential.draft().overall()).isEqualTo(new Tally(1, 3, 0));
    }

    private static Duration minutes(long minutes) {
        return Duration.ofMinutes(minutes);
    }
}
