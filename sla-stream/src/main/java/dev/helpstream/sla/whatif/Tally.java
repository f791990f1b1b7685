package dev.helpstream.sla.whatif;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * SLA targets counted by outcome.
 *
 * @param met targets met in time
 * @param breached targets whose due time passed before they were met
 * @param running targets still running at the end of the period, counted in neither
 */
public record Tally(long met, long breached, long running) {

    public static final Tally ZERO = new Tally(0, 0, 0);

    /** met / (met + breached) x 100, one decimal (half up, as the reports round); null without outcomes. */
    public Double compliancePercent() {
        long decided = met + breached;
        if (decided == 0) {
            return null;
        }
        return BigDecimal.valueOf(met)
                .multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(decided), 1, RoundingMode.HALF_UP)
                .doubleValue();
    }

    Tally plus(Outcome outcome) {
        return switch (outcome) {
            case MET -> new Tally(met + 1, breached, running);
            case BREACHED -> new Tally(met, breached + 1, running);
            case RUNNING -> new Tally(met, breached, running + 1);
            case NONE -> this;
        };
    }

    Tally plus(Tally other) {
        return new Tally(met + other.met, breached + other.breached, running + other.running);
    }
}
