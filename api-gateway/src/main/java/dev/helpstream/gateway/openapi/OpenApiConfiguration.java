package dev.helpstream.gateway.openapi;

import dev.helpstream.schema.CommandResult;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketCommand;
import dev.helpstream.schema.TicketEvent;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}): title and
 * description, the two ways to authenticate, the component schemas generated from the Avro
 * schemas ({@link AvroOpenApiSchemas}: Ticket, TicketEvent, TicketCommand, CommandResult,
 * ConfigEntity and every type they use, each config payload among them), the {@code Problem}
 * schema, and one shared response per error status; their names are in {@link ApiDocs}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI helpstreamOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Helpstream API").version("v1").description("""
                                The helpdesk's API for staff, customers, admins and integrators. \
                                Writes are answered once they are applied; reads come from views of the \
                                ticket and config topics. Errors are RFC 9457 problems \
                                (application/problem+json) with an `errors` list naming each invalid field. \
                                Authenticate with a bearer token or, as an integrator, an API key in \
                                X-Api-Key."""))
                .components(new Components()
                        .addSecuritySchemes(
                                ApiDocs.BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")
                                        .description("A token from the login endpoint, a customer link, or the "
                                                + "configured OpenID Connect issuer."))
                        .addSecuritySchemes(
                                ApiDocs.API_KEY,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name(ApiDocs.API_KEY_HEADER)
                                        .description("An integrator's API key (hs_...), with scopes.")))
                // Either scheme: two requirements are alternatives.
                .addSecurityItem(new SecurityRequirement().addList(ApiDocs.BEARER))
                .addSecurityItem(new SecurityRequirement().addList(ApiDocs.API_KEY));
    }

    /** Added after springdoc scanned the controllers, so its own schemas never replace these. */
    @Bean
    OpenApiCustomizer avroAndProblemSchemas() {
        Map<String, Schema<?>> schemas = new AvroOpenApiSchemas()
                .add(Ticket.class, TicketEvent.class, TicketCommand.class, CommandResult.class, ConfigEntity.class)
                .components();
        return openApi -> {
            Components components = openApi.getComponents();
            schemas.forEach(components::addSchemas);
            components.addSchemas("FieldError", fieldError());
            components.addSchemas("Problem", problem());
            problemResponses().forEach(components::addResponses);
        };
    }

    private static Schema<?> fieldError() {
        return new JsonSchema()
                .types(Set.of("object"))
                .description("One invalid field of a request.")
                .addProperty(
                        "field",
                        string("Path into the request body, e.g. departmentIds[0] or customerNotifications.staffReply; "
                                + "empty for the body as a whole."))
                .addProperty("message", string("What is wrong with it, e.g. 'must not be blank'."))
                .required(List.of("field", "message"));
    }

    private static Schema<?> problem() {
        return new JsonSchema()
                .types(Set.of("object"))
                .description("An RFC 9457 problem.")
                .addProperty(
                        "type",
                        string("A URI naming the kind of problem; about:blank for plain HTTP statuses.")
                                .format("uri-reference"))
                .addProperty("title", string("Short summary: the HTTP status phrase for about:blank."))
                .addProperty("status", new JsonSchema().types(Set.of("integer")).format("int32"))
                .addProperty("detail", string("What is wrong with this request."))
                .addProperty("instance", string("The request path.").format("uri-reference"))
                .addProperty(
                        "errors",
                        new JsonSchema()
                                .types(Set.of("array"))
                                .items(new JsonSchema().$ref(ApiDocs.FIELD_ERROR))
                                .description("The invalid fields, for field-level problems (400, 409, 422)."))
                .required(List.of("type", "title", "status"));
    }

    private static Map<String, ApiResponse> problemResponses() {
        Map<String, ApiResponse> responses = new LinkedHashMap<>();
        responses.put(
                "BadRequest",
                problemResponse("The request cannot be read: malformed JSON, a JSON value "
                        + "of the wrong type, a missing or ill-typed parameter."));
        responses.put("Unauthorized", problemResponse("No credentials, or credentials that are not valid."));
        responses.put("Forbidden", problemResponse("The caller may not do this."));
        responses.put("NotFound", problemResponse("There is no such resource."));
        responses.put(
                "Conflict",
                problemResponse("The request conflicts with the current state: it exists already, or "
                        + "others still refer to it (errors names them)."));
        responses.put(
                "PreconditionFailed",
                problemResponse("If-Match does not name the current revision: read it again, then retry."));
        responses.put(
                "UnprocessableContent",
                problemResponse("The request was read but its values are not valid; errors names each field."));
        responses.put(
                "ServiceUnavailable",
                problemResponse("Kafka did not confirm the change in time; it may still apply. Check, then retry."));
        return responses;
    }

    private static ApiResponse problemResponse(String description) {
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                ApiDocs.PROBLEM_MEDIA_TYPE,
                                new MediaType().schema(new JsonSchema().$ref(ApiDocs.PROBLEM))));
    }

    private static Schema<?> string(String description) {
        return new JsonSchema().types(Set.of("string")).description(description);
    }
}
