package dev.helpstream.gateway.report;

import dev.helpstream.gateway.json.FieldError;
import dev.helpstream.gateway.web.ApiProblem;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * What a caller asks of the reports endpoint, checked: a range of days (at most {@value
 * #MAX_DAYS}), day or week rows, optionally one department, JSON or CSV.
 *
 * @param from the first day, included
 * @param to the last day, included
 * @param period how the range is cut into rows
 * @param departmentId the one department asked for; null for every department the caller may see
 * @param csv whether the answer is CSV rather than JSON
 */
record ReportRequest(LocalDate from, LocalDate to, ReportPeriod period, String departmentId, boolean csv) {

    /** The longest range, in days, both ends included: a leap year. */
    static final int MAX_DAYS = 366;

    /**
     * The days a report may name: {@code LocalDate} reads years of up to nine digits, whose weeks
     * and instants overflow (a 500); no figure lies outside these anyway.
     */
    static final LocalDate FIRST_DAY = LocalDate.of(1970, 1, 1);

    static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);

    static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv");

    /**
     * The request from its query parameters and {@code Accept} header. {@code format} ({@code json}
     * or {@code csv}) wins over {@code Accept}; {@code Accept} picks CSV when it prefers {@code
     * text/csv} to JSON.
     *
     * @throws ApiProblem 400 naming every parameter at fault
     */
    static ReportRequest parse(
            String from, String to, String period, String departmentId, String format, List<String> accept) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate first = date("from", from, errors);
        LocalDate last = date("to", to, errors);
        if (first != null && last != null) {
            if (first.isAfter(last)) {
                errors.add(new FieldError("from", "must not be after to (" + last + ")"));
            } else {
                long days = ChronoUnit.DAYS.between(first, last) + 1;
                if (days > MAX_DAYS) {
                    errors.add(new FieldError(
                            "to", "the range spans " + days + " days; a report covers at most " + MAX_DAYS));
                }
            }
        }
        ReportPeriod cut = ReportPeriod.DAY;
        if (present(period)) {
            Optional<ReportPeriod> named = ReportPeriod.fromParameter(period);
            if (named.isPresent()) {
                cut = named.get();
            } else {
                errors.add(new FieldError("period", "must be day or week, was '" + period + "'"));
            }
        }
        boolean csv = false;
        if (present(format)) {
            if (format.strip().equalsIgnoreCase("csv")) {
                csv = true;
            } else if (!format.strip().equalsIgnoreCase("json")) {
                errors.add(new FieldError("format", "must be json or csv, was '" + format + "'"));
            }
        } else {
            csv = prefersCsv(accept);
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.badRequest("The report parameters are invalid.", errors);
        }
        return new ReportRequest(first, last, cut, present(departmentId) ? departmentId.strip() : null, csv);
    }

    private static LocalDate date(String field, String value, List<FieldError> errors) {
        if (!present(value)) {
            errors.add(new FieldError(field, "is required, as a date YYYY-MM-DD"));
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a date YYYY-MM-DD, was '" + value + "'"));
            return null;
        }
        if (date.isBefore(FIRST_DAY) || date.isAfter(LAST_DAY)) {
            errors.add(new FieldError(
                    field, "must be a date from " + FIRST_DAY + " to " + LAST_DAY + ", was '" + value + "'"));
            return null;
        }
        return date;
    }

    /** Whether the most preferred of text/csv and JSON in {@code Accept} is text/csv. */
    private static boolean prefersCsv(List<String> accept) {
        List<MediaType> types = new ArrayList<>();
        for (String header : accept) {
            try {
                types.addAll(MediaType.parseMediaTypes(header));
            } catch (InvalidMediaTypeException e) {
                // An unreadable Accept asks for nothing in particular: JSON.
                return false;
            }
        }
        // Stable: equal qualities keep the caller's order.
        types.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
        for (MediaType type : types) {
            if (type.isWildcardType() || type.isWildcardSubtype()) {
                continue;
            }
            if (type.equalsTypeAndSubtype(TEXT_CSV)) {
                return true;
            }
            if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                return false;
            }
        }
        return false;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
