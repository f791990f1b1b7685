package dev.helpstream.bench.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.bench.verify.Verification.PhaseResult;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class VerificationTest {

    private final Ledger ledger = new Ledger();

    /** A ticket submitted at t=0 ms, accepted at 10, opened at 20, SLA at 30, visible at 40, mailed at 50. */
    private void throughPipeline(String customer, String ticketId) {
        Ledger.Submission submission = ledger.submitted("open", customer, 0);
        ledger.accepted(submission, ticketId, ms(10));
        ledger.opened(ticketId, customer, ms(20));
        ledger.slaTargetsSet(ticketId, ms(30));
        ledger.visible(ticketId, ms(40));
        ledger.acknowledged(customer, ms(50));
    }

    private static long ms(long millis) {
        return millis * 1_000_000;
    }

    @Test
    void aPhaseWhoseTicketsWentThroughOnceIsVerifiedWithItsLatencies() {
        throughPipeline("a@customers.example.com", "t-a");
        throughPipeline("b@customers.example.com", "t-b");

        PhaseResult result = Verification.phase(ledger, "open", 2, true);

        assertThat(result.problems()).isEmpty();
        assertThat(result.figures().tickets()).isEqualTo(2);
        assertRecordedTwice(result.figures().acceptLatency(), 10_000);
        assertRecordedTwice(result.figures().openedLatency(), 10_000);
        assertRecordedTwice(result.figures().visibleLatency(), 30_000);
        assertRecordedTwice(result.figures().acknowledgementLatency(), 40_000);
        // 2 tickets from t=0 to the last completion at 50 ms, accepted by 10 ms.
        assertThat(result.figures().endToEndPerSecond()).isEqualTo(40.0);
        assertThat(result.figures().acceptedPerSecond()).isEqualTo(200.0);
    }

    @Test
    void aTicketConfirmedByAReadIsVisibleButInNoVisibleLatencyAndAnUnseenOneFailsThePhase() {
        throughPipeline("a@customers.example.com", "t-a");
        for (String name : new String[] {"b", "c"}) {
            String customer = name + "@customers.example.com";
            Ledger.Submission submission = ledger.submitted("open", customer, 0);
            ledger.accepted(submission, "t-" + name, ms(10));
            ledger.opened("t-" + name, customer, ms(20));
            ledger.slaTargetsSet("t-" + name, ms(30));
            ledger.acknowledged(customer, ms(50));
        }
        ledger.confirmedVisible("t-b");

        assertThat(ledger.unseen("open")).containsExactly("t-c");
        assertThat(Verification.phase(ledger, "open", 3, true).problems())
                .containsExactly("open: 1 never in the staff stream, e.g. t-c");

        ledger.confirmedVisible("t-c");
        PhaseResult result = Verification.phase(ledger, "open", 3, true);

        assertThat(result.problems()).isEmpty();
        assertThat(result.figures().visibleLatency().getTotalCount()).isEqualTo(1);
        assertThat(result.figures().acknowledgementLatency().getTotalCount()).isEqualTo(3);
    }

    /** Both tickets took {@code micros}, to the histogram's precision (3 significant digits). */
    private static void assertRecordedTwice(Histogram histogram, long micros) {
        assertThat(histogram.getTotalCount()).isEqualTo(2);
        assertThat(histogram.valuesAreEquivalent(histogram.getMinValue(), micros))
                .isTrue();
        assertThat(histogram.valuesAreEquivalent(histogram.getMaxValue(), micros))
                .isTrue();
    }

    @Test
    void aTicketOpenedTwiceOrAcknowledgedTwiceFailsThePhase() {
        throughPipeline("a@customers.example.com", "t-a");
        throughPipeline("b@customers.example.com", "t-b");
        ledger.opened("t-a", "a@customers.example.com", ms(60));
        ledger.acknowledged("b@customers.example.com", ms(70));

        PhaseResult result = Verification.phase(ledger, "open", 2, true);

        assertThat(result.verified()).isFalse();
        assertThat(result.figures()).isNull();
        assertThat(result.problems())
                .containsExactly(
                        "open: 1 opened more than once, e.g. a@customers.example.com (2 times)",
                        "open: 1 more than one acknowledgement mail, e.g. b@customers.example.com (2)");
    }

    @Test
    void aTicketRefusedLostOrNeverSeenIsNamed() {
        Ledger.Submission refused = ledger.submitted("open", "r@customers.example.com", 0);
        ledger.failed(refused, "503 busy");
        Ledger.Submission lost = ledger.submitted("open", "l@customers.example.com", 0);
        ledger.accepted(lost, "t-l", ms(5));
        Ledger.Submission quiet = ledger.submitted("open", "q@customers.example.com", 0);
        ledger.accepted(quiet, "t-q", ms(5));
        ledger.opened("t-other", "q@customers.example.com", ms(6));

        PhaseResult result = Verification.phase(ledger, "open", 4, true);

        assertThat(result.problems())
                .containsExactly(
                        "open: 3 tickets submitted, 4 expected",
                        "open: 1 not accepted, e.g. r@customers.example.com (503 busy)",
                        "open: 1 no TicketOpened, e.g. l@customers.example.com",
                        "open: 1 opened under another ticket id than the API answered, e.g. q@customers.example.com",
                        "open: 1 no SLA targets set, e.g. t-other",
                        "open: 1 no acknowledgement mail, e.g. q@customers.example.com",
                        "open: 1 never in the staff stream, e.g. t-other");
    }

    @Test
    void mailTicketsNeedNoStaffStreamAndTakeTheirIdFromTheEvent() {
        Ledger.Submission mail = ledger.submitted("mail", "m@customers.example.com", 0);
        ledger.accepted(mail, null, ms(1));
        ledger.opened("t-m", "M@customers.example.com", ms(2));
        ledger.slaTargetsSet("t-m", ms(3));
        ledger.acknowledged("m@customers.example.com", ms(4));

        PhaseResult result = Verification.phase(ledger, "mail", 1, false);

        assertThat(result.problems()).isEmpty();
        assertThat(result.figures().visibleLatency()).isNull();
        assertThat(ledger.complete("mail", false)).isEqualTo(1);
    }
}
