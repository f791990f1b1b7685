package dev.helpstream.gateway.tickets;

import static dev.helpstream.gateway.sla.SlaEventFixtures.breach;
import static dev.helpstream.gateway.sla.SlaEventFixtures.met;
import static dev.helpstream.gateway.sla.SlaEventFixtures.policyWide;
import static dev.helpstream.gateway.sla.SlaEventFixtures.targetsSet;
import static dev.helpstream.gateway.sla.SlaEventFixtures.warning;
import static dev.helpstream.schema.SlaMetric.FIRST_RESPONSE;
import static dev.helpstream.schema.SlaMetric.RESOLUTION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.gateway.sla.SlaClock;
import dev.helpstream.gateway.sla.SlaConfigFixtures;
import dev.helpstream.gateway.sla.SlaSummary;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaEventKind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SLA block of a ticket and the next due target of a list row, with the clock fixed on Monday
 * 9 March 2026, 09:30 in Paris, and policy {@code gold} ({@link SlaConfigFixtures}: first response
 * in the office's business hours, Monday to Friday 09:00-17:00, resolution in wall-clock time).
 * The ticket opened on Friday 6 March at 15:00 in Paris: first response due four business hours
 * later (Monday 11:00), resolution a day later (Saturday 15:00), its warning fired and breached.
 */
class SlaJsonTest {

    private static final Instant OPENED = Instant.parse("2026-03-06T14:00:00Z");
    private static final Instant FIRST_WARN = Instant.parse("2026-03-09T09:12:00Z");
    private static final Instant FIRST_DUE = Instant.parse("2026-03-09T10:00:00Z");
    private static final Instant RESOLUTION_WARN = Instant.parse("2026-03-07T09:12:00Z");
    private static final Instant RESOLUTION_DUE = Instant.parse("2026-03-07T14:00:00Z");
    private static final Instant NOW = Instant.parse("2026-03-09T08:30:00Z");

    private final SlaJson json = new SlaJson(new SlaClock(SlaConfigFixtures::config), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldShowEveryTargetWithTheBusinessTimeLeftCountedAtTheRequest() {
        SlaSummary summary = fold(
                targetsSet("t-9", FIRST_RESPONSE, OPENED, FIRST_WARN, FIRST_DUE),
                targetsSet("t-9", RESOLUTION, OPENED, RESOLUTION_WARN, RESOLUTION_DUE),
                warning("t-9", RESOLUTION, RESOLUTION_WARN, RESOLUTION_DUE),
                breach("t-9", RESOLUTION, RESOLUTION_WARN, RESOLUTION_DUE));

        // First response: 09:30 to 11:00 on Monday, business time. Resolution: Saturday 15:00 to
        // Monday 09:30 in wall-clock time, overdue.
        assertThat(written(json.detail(Optional.of(summary)))).isEqualTo(parse("""
                {"policyId": "gold", "policyName": "Gold", "policyRevision": 1, "paused": false, "late": true,
                 "targets": [
                  {"metric": "FIRST_RESPONSE", "state": "running", "dueAt": "2026-03-09T10:00:00Z",
                   "warnAt": "2026-03-09T09:12:00Z", "warnedAt": null, "breachedAt": null, "metAt": null, "metLate": null,
                   "pausedAt": null, "clearedAt": null, "targetStatusId": null, "businessTime": true,
                   "remainingBusinessMillis": 5400000},
                  {"metric": "RESOLUTION", "state": "breached", "dueAt": "2026-03-07T14:00:00Z",
                   "warnAt": "2026-03-07T09:12:00Z", "warnedAt": "2026-03-07T09:12:00Z",
                   "breachedAt": "2026-03-07T14:00:00Z", "metAt": null, "metLate": null, "pausedAt": null, "clearedAt": null, "targetStatusId": null,
                   "businessTime": false, "remainingBusinessMillis": -153000000}]}
                """));
        assertThat(written(json.nextDue(Optional.of(summary)))).isEqualTo(parse("""
                {"metric": "RESOLUTION", "state": "breached", "dueAt": "2026-03-07T14:00:00Z",
                 "remainingBusinessMillis": -153000000, "late": true}
                """));
    }

    @Test
    void shouldShowTheTimeLeftAtThePauseWhilePausedAndTheTimeLeftWhenMetOnceMet() {
        // Paused on Friday at 16:30 in Paris: 30 minutes of Friday and two hours of Monday left.
        SlaSummary summary = fold(
                targetsSet("t-9", FIRST_RESPONSE, OPENED, FIRST_WARN, FIRST_DUE),
                targetsSet("t-9", RESOLUTION, OPENED, RESOLUTION_WARN, RESOLUTION_DUE),
                met("t-9", RESOLUTION, Instant.parse("2026-03-06T15:00:00Z"), 82_800_000L),
                policyWide("t-9", SlaEventKind.PAUSED, Instant.parse("2026-03-06T15:30:00Z")));

        JsonNode detail = json.detail(Optional.of(summary));

        assertThat(detail.get("paused").asBoolean()).isTrue();
        assertThat(detail.get("late").asBoolean()).isFalse();
        assertThat(written(detail.get("targets").get(0))).isEqualTo(parse("""
                        {"metric": "FIRST_RESPONSE", "state": "paused", "dueAt": "2026-03-09T10:00:00Z",
                         "warnAt": "2026-03-09T09:12:00Z", "warnedAt": null, "breachedAt": null, "metAt": null, "metLate": null,
                         "pausedAt": "2026-03-06T15:30:00Z", "clearedAt": null, "targetStatusId": null, "businessTime": true,
                         "remainingBusinessMillis": 9000000}
                        """));
        assertThat(detail.get("targets").get(1).get("state").asString()).isEqualTo("met");
        assertThat(detail.get("targets").get(1).get("metAt").asString()).isEqualTo("2026-03-06T15:00:00Z");
        assertThat(detail.get("targets").get(1).get("metLate").asBoolean()).isFalse();
        assertThat(detail.get("targets").get(1).get("remainingBusinessMillis").asLong())
                .isEqualTo(82_800_000L);
        assertThat(written(json.nextDue(Optional.of(summary)))).isEqualTo(parse("""
                {"metric": "FIRST_RESPONSE", "state": "paused", "dueAt": "2026-03-09T10:00:00Z",
                 "remainingBusinessMillis": 9000000, "late": false}
                """));
    }

    @Test
    void shouldWriteNullWithoutAPolicyOrWhenEveryTargetIsMet() {
        SlaSummary allMet = fold(
                targetsSet("t-9", FIRST_RESPONSE, OPENED, FIRST_WARN, FIRST_DUE),
                met("t-9", FIRST_RESPONSE, OPENED.plusSeconds(600), 13_800_000L));

        assertThat(json.detail(Optional.empty()).isNull()).isTrue();
        assertThat(json.nextDue(Optional.empty()).isNull()).isTrue();
        assertThat(json.nextDue(Optional.of(allMet)).isNull()).isTrue();
        assertThat(json.detail(Optional.of(allMet)).get("late").asBoolean()).isFalse();
    }

    /** Folded with the gateway's own clock, as the views fold them. */
    private static SlaSummary fold(SlaEvent... events) {
        SlaClock clock = new SlaClock(SlaConfigFixtures::config);
        SlaSummary summary = null;
        for (SlaEvent event : events) {
            summary = SlaSummary.apply(summary, event, clock);
        }
        return summary;
    }

    /** As a client reads it: numbers as the JSON text has them, so that 1 and 1L compare equal. */
    private static JsonNode written(JsonNode node) {
        return parse(node.toString());
    }

    private static JsonNode parse(String text) {
        return JsonMapper.builder().build().readTree(text);
    }
}
