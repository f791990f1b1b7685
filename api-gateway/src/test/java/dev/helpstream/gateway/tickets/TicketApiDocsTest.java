package dev.helpstream.gateway.tickets;

import static dev.helpstream.gateway.sla.SlaEventFixtures.targetsSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.gateway.openapi.AvroOpenApiSchemas;
import dev.helpstream.gateway.sla.RemainingTime;
import dev.helpstream.gateway.sla.SlaClock;
import dev.helpstream.gateway.sla.SlaConfigFixtures;
import dev.helpstream.gateway.sla.SlaSummary;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.PathParameter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The staff reads as the OpenAPI document describes them: the answers' schemas, the late view among
 * the view names, and the SLA schemas naming exactly the fields {@link SlaJson} writes.
 */
class TicketApiDocsTest {

    private final OpenAPI document = documented();

    @Test
    void shouldAnswerTheViewsTheCustomerRecordAndSearchWithAPageOfRowsAndTheTicketWithItsDetail() {
        assertThat(answer("/api/v1/staff/views/{view}")).isEqualTo("#/components/schemas/TicketPage");
        assertThat(answer("/api/v1/staff/customers/{email}/tickets")).isEqualTo("#/components/schemas/TicketPage");
        assertThat(answer("/api/v1/staff/search")).isEqualTo("#/components/schemas/TicketPage");
        assertThat(answer("/api/v1/staff/tickets/{ticketRef}")).isEqualTo("#/components/schemas/TicketDetail");
        assertThat(document.getPaths()
                        .get("/api/v1/staff/views/{view}")
                        .getGet()
                        .getParameters()
                        .get(0)
                        .getSchema()
                        .getEnum())
                .containsExactly(List.of("all", "late", "mine", "open", "team", "unassigned")
                        .toArray());
    }

    @Test
    void shouldDescribeExactlyTheSlaFieldsTheApiWrites() {
        SlaSummary summary = SlaSummary.apply(
                null,
                targetsSet(
                        "t-1",
                        SlaMetric.FIRST_RESPONSE,
                        Instant.parse("2026-03-02T08:00:00Z"),
                        Instant.parse("2026-03-02T11:12:00Z"),
                        Instant.parse("2026-03-02T12:00:00Z")),
                RemainingTime.CALENDAR);
        SlaJson json = new SlaJson(
                new SlaClock(SlaConfigFixtures::config),
                Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"), ZoneOffset.UTC));

        assertThat(properties("TicketSla")).containsExactlyElementsOf(keys(json.detail(Optional.of(summary))));
        assertThat(properties("TicketSlaTarget"))
                .containsExactlyElementsOf(
                        keys(json.detail(Optional.of(summary)).get("targets").get(0)));
        assertThat(properties("TicketSlaNextDue")).containsExactlyElementsOf(keys(json.nextDue(Optional.of(summary))));
        assertThat(properties("TicketRow")).contains("sla");
        assertThat(properties("TicketDetail")).containsExactly("ticket", "conversation", "viewers", "sla");
        Schema<?> state = (Schema<?>) document.getComponents()
                .getSchemas()
                .get("TicketSlaTarget")
                .getProperties()
                .get("state");
        assertThat(List.<Object>copyOf(state.getEnum()))
                .containsExactly("running", "paused", "at_risk", "breached", "met");
    }

    @Test
    void shouldReferOnlyToSchemasTheDocumentHolds() {
        List<String> refs = new ArrayList<>();
        TicketApiDocs.readSchemas().values().forEach(schema -> collectRefs(schema, refs));

        assertThat(refs).isNotEmpty();
        assertThat(refs)
                .allSatisfy(ref -> assertThat(document.getComponents().getSchemas())
                        .containsKey(ref.substring("#/components/schemas/".length())));
    }

    private String answer(String path) {
        return document.getPaths()
                .get(path)
                .getGet()
                .getResponses()
                .get("200")
                .getContent()
                .get("application/json")
                .getSchema()
                .get$ref();
    }

    private List<String> properties(String schema) {
        return List.copyOf(document.getComponents()
                .getSchemas()
                .get(schema)
                .getProperties()
                .keySet());
    }

    private static List<String> keys(tools.jackson.databind.JsonNode node) {
        return List.copyOf(node.propertyNames());
    }

    @SuppressWarnings("rawtypes")
    private static void collectRefs(Schema<?> schema, List<String> refs) {
        if (schema == null) {
            return;
        }
        if (schema.get$ref() != null) {
            refs.add(schema.get$ref());
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(property -> collectRefs(property, refs));
        }
        collectRefs(schema.getItems(), refs);
        if (schema.getOneOf() != null) {
            for (Schema each : schema.getOneOf()) {
                collectRefs(each, refs);
            }
        }
    }

    /** The staff read paths as springdoc finds them, then customized. */
    private static OpenAPI documented() {
        Components components = new Components();
        Map<String, Schema<?>> avro =
                new AvroOpenApiSchemas().add(Ticket.class, TicketEvent.class).components();
        avro.forEach(components::addSchemas);
        Paths paths = new Paths();
        Stream.of(
                        "/api/v1/staff/customers/{email}/tickets",
                        "/api/v1/staff/search",
                        "/api/v1/staff/tickets/{ticketRef}")
                .forEach(path -> paths.addPathItem(path, new PathItem().get(new Operation())));
        paths.addPathItem(
                "/api/v1/staff/views/{view}",
                new PathItem().get(new Operation().addParametersItem(new PathParameter().name("view"))));
        OpenAPI openApi = new OpenAPI().components(components).paths(paths);
        new TicketApiDocs().customise(openApi);
        return openApi;
    }
}
