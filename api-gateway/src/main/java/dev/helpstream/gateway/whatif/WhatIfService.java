package dev.helpstream.gateway.whatif;

import dev.helpstream.gateway.ConfigView;
import dev.helpstream.gateway.admin.SlaPolicyDrafts;
import dev.helpstream.gateway.json.FieldError;
import dev.helpstream.gateway.web.ApiProblem;
import dev.helpstream.sla.clock.SlaConfig;
import dev.helpstream.sla.whatif.DraftPolicy;
import dev.helpstream.sla.whatif.WhatIf;
import dev.helpstream.sla.whatif.WhatIfReport;
import dev.helpstream.support.config.ConfigEntities;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers an SLA what-if: checks the request, reads the period's ticket history ({@link
 * TicketHistoryReader}) into sla-stream's {@link WhatIf} against the gateway's live configuration
 * ({@link ConfigView}) and the draft policy, and renders the report ({@link WhatIfJson}).
 *
 * <p>Invariants: nothing is written (no topic, no consumer group, no configuration: the draft
 * exists only in the request); the draft is read and checked as the admin API would save it
 * ({@link SlaPolicyDrafts}); the read and the replay run on the bounded elastic scheduler, never on
 * an event-loop thread, and at most {@code max-concurrent} of them at once ({@link WhatIfGate}); the
 * replay covers tickets opened in the period and their events up to the
 * end of its last day, or up to now while that day is not over.
 */
@Component
class WhatIfService {

    static final String POLICY = "policy";

    private static final Logger log = LoggerFactory.getLogger(WhatIfService.class);

    private final ConfigView config;
    private final SlaPolicyDrafts drafts;
    private final TicketHistoryReader reader;
    private final WhatIfProperties properties;
    private final WhatIfGate gate;
    private final Clock clock;

    WhatIfService(
            ConfigView config,
            SlaPolicyDrafts drafts,
            TicketHistoryReader reader,
            WhatIfProperties properties,
            WhatIfGate gate,
            Clock clock) {
        this.config = config;
        this.drafts = drafts;
        this.reader = reader;
        this.properties = properties;
        this.gate = gate;
        this.clock = clock;
    }

    /**
     * The report for the request {@code body}, or an {@link ApiProblem} (429 while others run).
     *
     * @param items whether the answer lists the tickets whose outcomes changed (ids and numbers: for
     *     callers who may read tickets), or only counts them
     */
    Mono<ObjectNode> run(JsonNode body, boolean items) {
        return gate.run(() -> answer(body, items));
    }

    private ObjectNode answer(JsonNode body, boolean items) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest(
                    "The body must be a JSON object with policy, from and to.",
                    List.of(new FieldError("", "must be an object")));
        }
        ConfigEntities snapshot = config.snapshot();
        // The request's own fields answer 400 like the reports' parameters; a draft the admin API
        // would refuse answers 422 with the admin API's messages, as a PUT of it would.
        List<FieldError> errors = new ArrayList<>();
        WhatIfPeriod period = WhatIfPeriod.read(body, errors);
        JsonNode policy = body.get(POLICY);
        if (policy == null || policy.isNull()) {
            errors.add(new FieldError(POLICY, "is required: the draft SLA policy, with its id"));
        }
        if (errors.isEmpty() && period.days() > properties.maxDays()) {
            errors.add(new FieldError(
                    WhatIfPeriod.TO,
                    "the range spans " + period.days() + " days; a what-if covers at most " + properties.maxDays()));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.badRequest("The what-if request is invalid.", errors);
        }
        SlaPolicyDrafts.Draft draft = drafts.read(policy, snapshot);
        if (!draft.errors().isEmpty()) {
            List<FieldError> policyErrors = new ArrayList<>();
            for (FieldError error : draft.errors()) {
                String field = error.field().isEmpty() ? POLICY : POLICY + "." + error.field();
                policyErrors.add(new FieldError(field, error.message()));
            }
            throw ApiProblem.unprocessable("The draft SLA policy is invalid.", policyErrors);
        }
        Instant now = clock.instant();
        Instant end = period.end().isAfter(now) ? now : period.end();
        WhatIf whatIf = new WhatIf(SlaConfig.of(snapshot), new DraftPolicy(draft.id(), draft.policy()), end);
        long started = System.nanoTime();
        TicketHistoryReader.Read read;
        try {
            read = reader.read(
                    period.start(),
                    end,
                    whatIf,
                    new TicketHistoryReader.Limits(
                            properties.maxEvents(), properties.maxTickets(), properties.readTimeout()));
        } catch (TicketHistoryReader.TooManyEvents e) {
            throw ApiProblem.unprocessable(
                    "The period holds more than " + properties.maxEvents()
                            + " ticket events, more than one what-if reads; choose a shorter period.",
                    List.of());
        } catch (TicketHistoryReader.TooManyTickets e) {
            throw ApiProblem.unprocessable(
                    "The period opens more than " + properties.maxTickets()
                            + " tickets, more than one what-if replays; choose a shorter period.",
                    List.of());
        } catch (TicketHistoryReader.ReadTimeout e) {
            log.warn("What-if of SLA policy '{}' gave up: {}", draft.id(), e.getMessage());
            ApiProblem problem = new ApiProblem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    null,
                    "The ticket history could not be read in time; try again, or a shorter period.",
                    List.of());
            problem.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
            throw problem;
        }
        WhatIfReport report = whatIf.report();
        log.info(
                "What-if of SLA policy '{}' over {}..{} ({}): {} tickets, {} of {} events replayed, {} skipped,"
                        + " {} outcomes changed, {} ms",
                draft.id(),
                period.from(),
                period.to(),
                period.zone(),
                report.tickets(),
                read.replayed(),
                read.records(),
                read.skipped(),
                report.changedCount(),
                (System.nanoTime() - started) / 1_000_000);
        return WhatIfJson.render(period, end, report, items);
    }
}
