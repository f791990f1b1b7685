package dev.helpstream.sla.whatif;

import java.util.List;

/**
 * How SLA compliance would have been under a draft policy, next to how it is under the live
 * configuration, for the same ticket histories.
 *
 * @param tickets the tickets replayed (each with its opening)
 * @param current outcomes under the live configuration
 * @param draft outcomes with the draft policy laid over it
 * @param changedCount how many (ticket, metric) outcomes differ
 * @param changed the first {@value WhatIf#MAX_CHANGES} of them, by the tickets' opening then metric
 */
public record WhatIfReport(
        long tickets, Compliance current, Compliance draft, long changedCount, List<Change> changed) {

    public WhatIfReport {
        changed = List.copyOf(changed);
    }
}
