package dev.helpstream.gateway.whatif;

import dev.helpstream.gateway.json.FieldError;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The days a what-if covers: tickets opened from the start of {@code from} to the end of {@code
 * to}, both in {@code zone}.
 *
 * @param from the first day, included
 * @param to the last day, included
 */
record WhatIfPeriod(LocalDate from, LocalDate to, ZoneId zone) {

    static final String FROM = "from";
    static final String TO = "to";
    static final String TIME_ZONE = "timeZone";

    /** Without a time zone, days are UTC days. */
    static final ZoneId UTC = ZoneId.of("UTC");

    /**
     * The days a what-if may name: {@code LocalDate} reads years of up to nine digits, whose
     * instants overflow (a 500); no ticket lies outside these anyway.
     */
    static final LocalDate FIRST_DAY = LocalDate.of(1970, 1, 1);

    static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);

    /**
     * The period a request body names; null with the reasons added to {@code errors} when it names
     * none (a missing or malformed date or zone, {@code from} after {@code to}).
     */
    static WhatIfPeriod read(JsonNode body, List<FieldError> errors) {
        LocalDate from = date(body, FROM, errors);
        LocalDate to = date(body, TO, errors);
        ZoneId zone = zone(body, errors);
        if (from != null && to != null && from.isAfter(to)) {
            errors.add(new FieldError(FROM, "must not be after to (" + to + ")"));
            return null;
        }
        return from == null || to == null || zone == null ? null : new WhatIfPeriod(from, to, zone);
    }

    /** Days covered, both ends included. */
    long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    /** The first instant of {@code from}. */
    Instant start() {
        return from.atStartOfDay(zone).toInstant();
    }

    /** The last instant (millisecond) of {@code to}. */
    Instant end() {
        return to.plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1);
    }

    private static LocalDate date(JsonNode body, String field, List<FieldError> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            errors.add(new FieldError(field, "is required, as a date YYYY-MM-DD"));
            return null;
        }
        if (!value.isString()) {
            errors.add(new FieldError(field, "must be a date YYYY-MM-DD"));
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value.stringValue().strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a date YYYY-MM-DD, was '" + value.stringValue() + "'"));
            return null;
        }
        if (date.isBefore(FIRST_DAY) || date.isAfter(LAST_DAY)) {
            errors.add(new FieldError(
                    field,
                    "must be a date from " + FIRST_DAY + " to " + LAST_DAY + ", was '" + value.stringValue() + "'"));
            return null;
        }
        return date;
    }

    private static ZoneId zone(JsonNode body, List<FieldError> errors) {
        JsonNode value = body.get(TIME_ZONE);
        if (value == null || value.isNull()) {
            return UTC;
        }
        if (value.isString()) {
            try {
                return ZoneId.of(value.stringValue().strip());
            } catch (DateTimeException e) {
                // Answered below, as for a value that is not a string.
            }
        }
        errors.add(new FieldError(TIME_ZONE, "must be a time zone id such as Europe/Paris"));
        return null;
    }
}
