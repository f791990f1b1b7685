package dev.helpstream.gateway.whatif;

import dev.helpstream.schema.SlaMetric;
import dev.helpstream.sla.whatif.Change;
import dev.helpstream.sla.whatif.Compliance;
import dev.helpstream.sla.whatif.Tally;
import dev.helpstream.sla.whatif.WhatIfReport;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A what-if report as JSON: the period ({@code from}, {@code to}, {@code timeZone}, and {@code
 * until}, the instant the replay ran to), {@code tickets}, the {@code current} and {@code draft}
 * compliance ({@code overall} and {@code byMetric}, each {@code {met, breached, running,
 * compliancePercent}}) and the {@code changed} outcomes ({@code count} and, for a caller who may
 * read tickets, the first {@code items}: ticket ids and numbers). {@link WhatIfApiDocs} documents
 * the same fields.
 */
final class WhatIfJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WhatIfJson() {}

    /** @param items whether to list the changed tickets, or only count them */
    static ObjectNode render(WhatIfPeriod period, Instant until, WhatIfReport report, boolean items) {
        ObjectNode body = NODES.objectNode();
        body.put("from", period.from().toString());
        body.put("to", period.to().toString());
        body.put("timeZone", period.zone().getId());
        body.put("until", DateTimeFormatter.ISO_INSTANT.format(until));
        body.put("tickets", report.tickets());
        body.set("current", compliance(report.current()));
        body.set("draft", compliance(report.draft()));
        ObjectNode changed = body.putObject("changed");
        changed.put("count", report.changedCount());
        if (items) {
            ArrayNode listed = changed.putArray("items");
            report.changed().forEach(change -> listed.add(change(change)));
        }
        return body;
    }

    private static ObjectNode compliance(Compliance compliance) {
        ObjectNode json = NODES.objectNode();
        json.set("overall", tally(compliance.overall()));
        ObjectNode byMetric = json.putObject("byMetric");
        for (Map.Entry<SlaMetric, Tally> metric : compliance.byMetric().entrySet()) {
            byMetric.set(metric.getKey().name(), tally(metric.getValue()));
        }
        return json;
    }

    private static ObjectNode tally(Tally tally) {
        ObjectNode json = NODES.objectNode();
        json.put("met", tally.met());
        json.put("breached", tally.breached());
        json.put("running", tally.running());
        json.put("compliancePercent", tally.compliancePercent());
        return json;
    }

    private static ObjectNode change(Change change) {
        ObjectNode json = NODES.objectNode();
        json.put("ticketId", change.ticketId());
        json.put("number", change.number());
        json.put("metric", change.metric().name());
        if (change.targetStatusId() != null) {
            json.put("targetStatusId", change.targetStatusId());
        }
        json.put("current", change.current().name());
        json.put("draft", change.draft().name());
        return json;
    }
}
