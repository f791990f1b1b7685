package dev.helpstream.gateway.whatif;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.gateway.json.FieldError;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The period of a what-if request: days in a time zone, and the field errors of a bad one. */
class WhatIfPeriodTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void shouldCoverWholeDaysOfTheTimeZoneAcrossADaylightSavingChange() {
        List<FieldError> errors = new ArrayList<>();

        WhatIfPeriod period = WhatIfPeriod.read(
                body("{\"from\":\"2026-03-28\",\"to\":\"2026-03-29\",\"timeZone\":\"Europe/Paris\"}"), errors);

        assertThat(errors).isEmpty();
        assertThat(period)
                .isEqualTo(new WhatIfPeriod(
                        LocalDate.parse("2026-03-28"), LocalDate.parse("2026-03-29"), ZoneId.of("Europe/Paris")));
        assertThat(period.start()).isEqualTo(Instant.parse("2026-03-27T23:00:00Z"));
        assertThat(period.end()).isEqualTo(Instant.parse("2026-03-29T21:59:59.999Z"));
        assertThat(period.days()).isEqualTo(2);
    }

    @Test
    void shouldCountUtcDaysWithoutATimeZone() {
        List<FieldError> errors = new ArrayList<>();

        WhatIfPeriod period = WhatIfPeriod.read(body("{\"from\":\"2026-03-02\",\"to\":\"2026-03-02\"}"), errors);

        assertThat(period.zone().getId()).isEqualTo("UTC");
        assertThat(period.start()).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
        assertThat(period.end()).isEqualTo(Instant.parse("2026-03-02T23:59:59.999Z"));
    }

    @Test
    void shouldNameEveryFieldAtFault() {
        List<FieldError> errors = new ArrayList<>();

        WhatIfPeriod period = WhatIfPeriod.read(
                body("{\"from\":\"March 2nd\",\"to\":20260302,\"timeZone\":\"Mars/Olympus\"}"), errors);

        assertThat(period).isNull();
        assertThat(errors)
                .containsExactly(
                        new FieldError("from", "must be a date YYYY-MM-DD, was 'March 2nd'"),
                        new FieldError("to", "must be a date YYYY-MM-DD"),
                        new FieldError("timeZone", "must be a time zone id such as Europe/Paris"));
    }

    @Test
    void shouldRequireBothDatesAndFromNotAfterTo() {
        List<FieldError> missing = new ArrayList<>();
        List<FieldError> reversed = new ArrayList<>();

        WhatIfPeriod.read(body("{}"), missing);
        WhatIfPeriod.read(body("{\"from\":\"2026-03-09\",\"to\":\"2026-03-02\"}"), reversed);

        assertThat(missing)
                .containsExactly(
                        new FieldError("from", "is required, as a date YYYY-MM-DD"),
                        new FieldError("to", "is required, as a date YYYY-MM-DD"));
        assertThat(reversed).containsExactly(new FieldError("from", "must not be after to (2026-03-02)"));
    }

    @Test
    void shouldRefuseDaysOutsideTheYears1970To9999WithAFieldErrorNotAnOverflow() {
        List<FieldError> errors = new ArrayList<>();

        WhatIfPeriod period = WhatIfPeriod.read(body("{\"from\":\"+300000000-01-01\",\"to\":\"1969-12-31\"}"), errors);

        assertThat(period).isNull();
        assertThat(errors)
                .containsExactly(
                        new FieldError("from", "must be a date from 1970-01-01 to 9999-12-31, was '+300000000-01-01'"),
                        new FieldError("to", "must be a date from 1970-01-01 to 9999-12-31, was '1969-12-31'"));
        WhatIfPeriod last = WhatIfPeriod.read(
                body("{\"from\":\"9999-12-31\",\"to\":\"9999-12-31\",\"timeZone\":\"Pacific/Kiritimati\"}"), errors);
        assertThat(last.end()).isEqualTo(Instant.parse("9999-12-31T09:59:59.999Z"));
    }

    private static JsonNode body(String json) {
        return JSON.readTree(json);
    }
}
