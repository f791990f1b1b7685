package dev.helpstream.sla.clock;

import dev.helpstream.schema.internal.SlaPause;
import dev.helpstream.sla.calendar.BusinessTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The time a clock has run: from its start, minus the pauses, counted in business time (a
 * calendar) or wall-clock time, plus what it had counted before its start (a resolution clock
 * continued after a reopen).
 *
 * <p>Input: the clock's start and carried time, the ticket's finished pauses and its current pause.
 * Output: elapsed time at an instant, and the instant at which a given amount is reached. Invariant:
 * pure functions of the arguments; {@code elapsed(reached(d)) == d} whenever {@code reached(d)} is
 * after the start.
 */
final class RunningTime {

    /** How time is counted: wall-clock or the working time of a calendar. */
    interface Measure {

        Measure WALL_CLOCK = new Measure() {
            @Override
            public Duration between(Instant from, Instant to) {
                return to.isAfter(from) ? Duration.between(from, to) : Duration.ZERO;
            }

            @Override
            public Instant plus(Instant start, Duration amount) {
                return start.plus(amount);
            }
        };

        Duration between(Instant from, Instant to);

        Instant plus(Instant start, Duration amount);

        static Measure of(BusinessTime calendar) {
            return new Measure() {
                @Override
                public Duration between(Instant from, Instant to) {
                    return calendar.between(from, to);
                }

                @Override
                public Instant plus(Instant start, Duration amount) {
                    return calendar.plus(start, amount);
                }
            };
        }
    }

    /** A running period; a null end runs on. */
    private record Segment(Instant from, Instant to) {}

    private final Measure measure;
    private final Instant start;
    private final Duration carried;
    private final List<Segment> segments;

    RunningTime(Measure measure, Instant start, Duration carried, List<SlaPause> pauses, Instant pausedSince) {
        this.measure = measure;
        this.start = start;
        this.carried = carried;
        this.segments = segments(start, pauses, pausedSince);
    }

    /** Time counted at {@code at}: the carried time plus the running time from the start until then. */
    Duration elapsed(Instant at) {
        Duration total = carried;
        for (Segment segment : segments) {
            if (!at.isAfter(segment.from())) {
                break;
            }
            Instant end = segment.to() == null || segment.to().isAfter(at) ? at : segment.to();
            total = total.plus(measure.between(segment.from(), end));
        }
        return total;
    }

    /**
     * The instant the clock reaches {@code amount}; the start when the carried time already does;
     * empty when the clock is paused before reaching it.
     */
    Optional<Instant> reached(Duration amount) {
        Duration toGo = amount.minus(carried);
        if (toGo.isNegative() || toGo.isZero()) {
            return Optional.of(start);
        }
        for (Segment segment : segments) {
            if (segment.to() == null) {
                return Optional.of(measure.plus(segment.from(), toGo));
            }
            Duration available = measure.between(segment.from(), segment.to());
            if (toGo.compareTo(available) <= 0) {
                return Optional.of(measure.plus(segment.from(), toGo));
            }
            toGo = toGo.minus(available);
        }
        return Optional.empty();
    }

    private static List<Segment> segments(Instant start, List<SlaPause> pauses, Instant pausedSince) {
        List<SlaPause> sorted = new ArrayList<>(pauses);
        sorted.sort(Comparator.comparing(SlaPause::getFrom));
        List<Segment> segments = new ArrayList<>();
        Instant cursor = start;
        for (SlaPause pause : sorted) {
            if (!pause.getTo().isAfter(cursor)) {
                continue;
            }
            if (pause.getFrom().isAfter(cursor)) {
                segments.add(new Segment(cursor, pause.getFrom()));
            }
            cursor = pause.getTo();
        }
        if (pausedSince == null) {
            segments.add(new Segment(cursor, null));
        } else if (pausedSince.isAfter(cursor)) {
            segments.add(new Segment(cursor, pausedSince));
        }
        return segments;
    }
}
