package dev.helpstream.gateway.openapi;

/**
 * Names in the OpenAPI document that controllers refer to from their annotations: the security
 * schemes, the component schemas generated from Avro ({@link AvroOpenApiSchemas}) and the shared
 * problem responses. For example:
 *
 * <pre>{@code
 * @Operation(summary = "Read a ticket")
 * @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(ref = ApiDocs.TICKET)))
 * @ApiResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
 * }</pre>
 */
public final class ApiDocs {

    /** Security scheme: {@code Authorization: Bearer <token>} (the gateway's or an OIDC issuer's JWT). */
    public static final String BEARER = "bearer";

    /** Security scheme: {@code X-Api-Key: <key>} for integrators. */
    public static final String API_KEY = "apiKey";

    public static final String API_KEY_HEADER = "X-Api-Key";

    public static final String SCHEMAS = "#/components/schemas/";
    public static final String TICKET = SCHEMAS + "Ticket";
    public static final String TICKET_EVENT = SCHEMAS + "TicketEvent";
    public static final String TICKET_COMMAND = SCHEMAS + "TicketCommand";
    public static final String COMMAND_RESULT = SCHEMAS + "CommandResult";
    public static final String CONFIG_ENTITY = SCHEMAS + "ConfigEntity";

    /** RFC 9457 problem details with the gateway's {@code errors} list. */
    public static final String PROBLEM = SCHEMAS + "Problem";

    public static final String FIELD_ERROR = SCHEMAS + "FieldError";

    public static final String PROBLEM_MEDIA_TYPE = "application/problem+json";

    private static final String RESPONSES = "#/components/responses/";

    /** 400: unreadable request (malformed JSON, wrong JSON type, bad parameter). */
    public static final String BAD_REQUEST = RESPONSES + "BadRequest";

    /** 401: no or invalid credentials. */
    public static final String UNAUTHORIZED = RESPONSES + "Unauthorized";

    /** 403: authenticated, not allowed. */
    public static final String FORBIDDEN = RESPONSES + "Forbidden";

    public static final String NOT_FOUND = RESPONSES + "NotFound";
    public static final String CONFLICT = RESPONSES + "Conflict";

    /** 412: an {@code If-Match} precondition failed. */
    public static final String PRECONDITION_FAILED = RESPONSES + "PreconditionFailed";

    /** 422: invalid values, with {@code errors} naming each field. */
    public static final String UNPROCESSABLE = RESPONSES + "UnprocessableContent";

    /** 503: Kafka did not confirm in time. */
    public static final String SERVICE_UNAVAILABLE = RESPONSES + "ServiceUnavailable";

    private ApiDocs() {}
}
