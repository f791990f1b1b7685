package dev.helpstream.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.gateway.json.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every entity collection of the admin API through its whole life: created, read, listed, refused
 * twice, replaced with and without {@code If-Match}, refused when invalid (each problem at its
 * field), and deleted.
 */
class AdminCollectionsTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /**
     * @param collection the URL segment
     * @param create a valid new entity
     * @param id the id derived from its name
     * @param update a replacement changing {@code field}
     * @param field a field the replacement changes
     * @param updated its value after the replacement, as JSON
     * @param invalid a body with mistakes
     * @param errors the mistakes, at their fields, in order
     */
    record Case(
            String collection,
            String create,
            String id,
            String update,
            String field,
            String updated,
            String invalid,
            List<FieldError> errors) {

        @Override
        public String toString() {
            return collection;
        }
    }

    static Stream<Case> collections() {
        return Stream.of(
                new Case(
                        "departments",
                        "{\"name\":\"Network Operations\",\"email\":\"noc@helpdesk.test\"}",
                        "network-operations",
                        "{\"name\":\"NOC\",\"email\":\"noc@helpdesk.test\"}",
                        "name",
                        "\"NOC\"",
                        "{\"name\":\" \",\"email\":\"noc@\",\"agentIds\":[\"ghost\"]}",
                        List.of(
                                error("name", "must not be blank"),
                                error("email", "must be an email address such as name@example.com"),
                                error("agentIds[0]", "there is no agent 'ghost'"))),
                new Case(
                        "services",
                        "{\"name\":\"Managed DNS\",\"departmentId\":\"support\"}",
                        "managed-dns",
                        "{\"name\":\"Managed DNS\",\"departmentId\":\"billing\"}",
                        "departmentId",
                        "\"billing\"",
                        "{\"name\":\"X\",\"departmentId\":\"nowhere\"}",
                        List.of(error("departmentId", "there is no department 'nowhere'"))),
                new Case(
                        "agents",
                        "{\"username\":\"dora\",\"displayName\":\"Dora\",\"email\":\"dora@helpdesk.test\","
                                + "\"departmentIds\":[\"support\"],\"password\":\"correct horse\"}",
                        "dora",
                        "{\"username\":\"dora\",\"displayName\":\"Dora D.\",\"email\":\"dora@helpdesk.test\"}",
                        "displayName",
                        "\"Dora D.\"",
                        "{\"id\":\"ana-2\",\"username\":\"ANA\",\"displayName\":\"\",\"email\":\"dora\","
                                + "\"departmentIds\":[\"support\",\"mars\"],\"language\":\"en_GB\"}",
                        List.of(
                                error("displayName", "must not be blank"),
                                error("email", "must be an email address such as name@example.com"),
                                error("language", "must be a BCP 47 language tag such as en or pt-BR"),
                                error("username", "is taken by agent 'ana'"),
                                error("departmentIds[1]", "there is no department 'mars'"))),
                new Case(
                        "filters",
                        "{\"name\":\"VIP customers\",\"order\":5,\"conditions\":[{\"field\":\"SENDER_DOMAIN\","
                                + "\"operator\":\"EQUALS\",\"value\":\"vip.example.com\"}],"
                                + "\"actions\":[{\"kind\":\"SET_PRIORITY\",\"value\":\"urgent\"}]}",
                        "vip-customers",
                        "{\"name\":\"VIP customers\",\"order\":6}",
                        "order",
                        "6",
                        "{\"name\":\"Bad\",\"order\":1,\"conditions\":["
                                + "{\"field\":\"SUBJECT\",\"operator\":\"REGEX\",\"value\":\"(unclosed\"},"
                                + "{\"field\":\"CHANNEL\",\"operator\":\"EQUALS\",\"value\":\"FAX\"}],"
                                + "\"actions\":[{\"kind\":\"SET_DEPARTMENT\",\"value\":\"mars\"},{\"kind\":\"ADD_TAG\"},"
                                + "{\"kind\":\"ADD_CC\",\"value\":\"not-an-email\"},{\"kind\":\"UNKNOWN\"}]}",
                        List.of(
                                error(
                                        "actions[3].kind",
                                        "must be one of [SET_DEPARTMENT, SET_SERVICE, ASSIGN_AGENT, SET_PRIORITY, "
                                                + "SET_CATEGORY, SET_TYPE, MARK_SPAM, MARK_IMPORTANT, REJECT, ADD_CC, "
                                                + "AUTO_REPLY, CLOSE, ADD_TAG]"),
                                error("conditions[0].value", "is not a valid regular expression: Unclosed group"),
                                error(
                                        "conditions[1].value",
                                        "must be a channel: one of [EMAIL, WEB_FORM, PORTAL, API, STAFF]"),
                                error("actions[1].value", "is required for ADD_TAG"),
                                error("actions[2].value", "must be an email address such as name@example.com"),
                                error("actions[0].value", "there is no department 'mars'"))),
                new Case(
                        "canned-responses",
                        "{\"title\":\"Password reset\",\"text\":\"Use the reset link.\","
                                + "\"departmentIds\":[\"support\"],\"serviceIds\":[\"hosting\"]}",
                        "password-reset",
                        "{\"title\":\"Password reset\",\"text\":\"Use the link we sent.\"}",
                        "text",
                        "\"Use the link we sent.\"",
                        "{\"title\":\"T\",\"text\":\"x\",\"serviceIds\":[\"ghost\"],\"ownerAgentId\":\"nobody\"}",
                        List.of(
                                error("serviceIds[0]", "there is no service 'ghost'"),
                                error("ownerAgentId", "there is no agent 'nobody'"))),
                new Case(
                        "priorities",
                        "{\"name\":\"Critical\",\"rank\":9,\"color\":\"#ff0000\"}",
                        "critical",
                        "{\"name\":\"Critical\",\"rank\":10}",
                        "rank",
                        "10",
                        "{\"name\":\"Meh\",\"rank\":-1,\"color\":\"red\"}",
                        List.of(error("rank", "must be 0 or more"), error("color", "must be a colour #RRGGBB"))),
                new Case(
                        "categories",
                        "{\"name\":\"Billing question\"}",
                        "billing-question",
                        "{\"name\":\"Billing question\",\"active\":false}",
                        "active",
                        "false",
                        "{\"name\":\"\"}",
                        List.of(error("name", "must not be blank"))),
                new Case(
                        "statuses",
                        "{\"name\":\"On hold\",\"lifecycle\":\"WAITING_ON_CUSTOMER\",\"order\":7}",
                        "on-hold",
                        "{\"name\":\"On hold\",\"lifecycle\":\"WAITING_ON_CUSTOMER\",\"order\":8}",
                        "order",
                        "8",
                        "{\"name\":\"S\",\"lifecycle\":\"PAUSED\",\"order\":1}",
                        List.of(error(
                                "lifecycle", "must be one of [NEW, OPEN, WAITING_ON_CUSTOMER, RESOLVED, CLOSED]"))),
                new Case(
                        "ticket-types",
                        "{\"name\":\"Incident report\"}",
                        "incident-report",
                        "{\"name\":\"Incident\"}",
                        "name",
                        "\"Incident\"",
                        "{\"name\":\"T\",\"colour\":\"x\"}",
                        List.of(error("colour", "is not a field of TicketType"))),
                new Case(
                        "webhooks",
                        "{\"name\":\"Ops Slack\",\"url\":\"https://hooks.example.com/x\",\"kind\":\"SLACK\","
                                + "\"eventTypes\":[\"ticket.created\",\"ticket.closed\"],\"departmentIds\":[\"support\"],"
                                + "\"secretRef\":\"ops-slack\"}",
                        "ops-slack",
                        "{\"name\":\"Ops Slack\",\"url\":\"https://hooks.example.com/x\",\"secretRef\":\"ops\","
                                + "\"enabled\":false}",
                        "enabled",
                        "false",
                        "{\"name\":\"W\",\"url\":\"http://hooks.example.com/x\",\"eventTypes\":[\"TicketOpened\"],"
                                + "\"departmentIds\":[\"mars\"]}",
                        List.of(
                                error(
                                        "secretRef",
                                        "is required: every delivery is signed with the notifier's secret "
                                                + "helpstream.delivery.webhook-secrets.<secretRef>"),
                                error("url", "must use https"),
                                error(
                                        "eventTypes[0]",
                                        "must be one of [ticket.created, ticket.customer_reply, ticket.closed, "
                                                + "ticket.resolved, ticket.escalated, ticket.transferred, "
                                                + "ticket.attachment_uploaded]"),
                                error("departmentIds[0]", "there is no department 'mars'"))),
                new Case(
                        "sla-policies",
                        "{\"name\":\"Business hours\",\"order\":1,\"scope\":{\"departmentIds\":[\"support\"],"
                                + "\"minimumPriorityId\":\"urgent\"},\"targets\":[{\"metric\":\"FIRST_RESPONSE\","
                                + "\"durationMinutes\":60}],\"calendarId\":\"berlin\",\"pauseOnStatusIds\":[\"waiting\"]}",
                        "business-hours",
                        "{\"name\":\"Business hours\",\"order\":1,\"warningPercent\":75}",
                        "warningPercent",
                        "75",
                        "{\"name\":\"P\",\"order\":1,\"warningPercent\":100,\"targets\":[{\"metric\":\"STATUS_REACHED\","
                                + "\"durationMinutes\":0}],\"calendarId\":\"mars\",\"scope\":{\"typeIds\":[\"ghost\"]}}",
                        List.of(
                                error("warningPercent", "must be between 1 and 99"),
                                error("targets[0].durationMinutes", "must be 1 or more"),
                                error("targets[0].statusId", "is required for STATUS_REACHED"),
                                error("scope.typeIds[0]", "there is no ticket type 'ghost'"),
                                error("calendarId", "there is no business calendar 'mars'"))),
                new Case(
                        "business-calendars",
                        "{\"name\":\"Lisbon office\",\"timeZoneId\":\"Europe/Lisbon\",\"workingHours\":[{\"dayOfWeek\":"
                                + "\"MONDAY\",\"start\":\"09:00\",\"end\":\"24:00\"}],\"holidays\":[{\"date\":\"2026-06-13\","
                                + "\"name\":\"Santo António\"}]}",
                        "lisbon-office",
                        "{\"name\":\"Lisbon office\",\"timeZoneId\":\"Atlantic/Madeira\"}",
                        "timeZoneId",
                        "\"Atlantic/Madeira\"",
                        "{\"name\":\"C\",\"timeZoneId\":\"Mars/Olympus\",\"workingHours\":[{\"dayOfWeek\":\"MONDAY\","
                                + "\"start\":\"9:00\",\"end\":\"25:00\"},{\"dayOfWeek\":\"TUESDAY\",\"start\":\"18:00\","
                                + "\"end\":\"09:00\"}]}",
                        List.of(
                                error("timeZoneId", "must be a time zone id such as Europe/Berlin"),
                                error("workingHours[0].start", "must be a time HH:mm between 00:00 and 23:59"),
                                error("workingHours[0].end", "must be a time HH:mm between 00:01 and 24:00"),
                                error("workingHours[1].end", "must be after start (18:00)"))),
                new Case(
                        "email-templates",
                        "{\"kind\":\"CUSTOMER_STAFF_REPLY\",\"language\":\"de\",\"subject\":\"Antwort\","
                                + "\"text\":\"Hallo {{customer.name}}\"}",
                        "customer-staff-reply-de",
                        "{\"kind\":\"CUSTOMER_STAFF_REPLY\",\"language\":\"de\",\"subject\":\"Ihre Antwort\","
                                + "\"text\":\"Hallo {{customer.name}}\"}",
                        "subject",
                        "\"Ihre Antwort\"",
                        "{\"kind\":\"UNKNOWN\",\"language\":\"english please\",\"subject\":\"\",\"text\":\"t\"}",
                        List.of(
                                error(
                                        "kind",
                                        "must be one of [CUSTOMER_TICKET_OPENED, CUSTOMER_STAFF_REPLY, "
                                                + "CUSTOMER_TICKET_CLOSED, CUSTOMER_TICKET_REOPENED, CUSTOMER_AUTO_REPLY, "
                                                + "CUSTOMER_REJECTED, AGENT_NEW_TICKET, AGENT_TICKET_ASSIGNED, "
                                                + "AGENT_CUSTOMER_REPLY, AGENT_NOTE_ADDED, AGENT_SLA_WARNING, "
                                                + "AGENT_SLA_BREACH, CUSTOMER_STATUS_CHANGED, CUSTOMER_PRIORITY_CHANGED, "
                                                + "CUSTOMER_CATEGORY_CHANGED, CUSTOMER_DUE_DATE_CHANGED, "
                                                + "CUSTOMER_PORTAL_LINK, AGENT_TICKET_TRANSFERRED, AGENT_ALSO_ADDRESSED]"),
                                error("subject", "must not be blank"),
                                error("language", "must be a BCP 47 language tag such as en or pt-BR"))),
                new Case(
                        "support-addresses",
                        "{\"email\":\"noc@helpdesk.test\",\"departmentId\":\"support\",\"serviceId\":\"hosting\"}",
                        "noc@helpdesk.test",
                        "{\"email\":\"noc@helpdesk.test\",\"departmentId\":\"support\",\"displayName\":\"NOC\"}",
                        "displayName",
                        "\"NOC\"",
                        "{\"id\":\"support-2\",\"email\":\"Support@helpdesk.test\",\"departmentId\":\"billing\",\"serviceId\":\"hosting\"}",
                        List.of(
                                error("email", "must be lower-case"),
                                error("email", "is already the support address 'support@helpdesk.test'"),
                                error("serviceId", "belongs to department 'support', not 'billing'"))),
                new Case(
                        "api-keys",
                        "{\"name\":\"CI pipeline\",\"scopes\":[\"tickets:read\",\"tickets:create\"]}",
                        "ci-pipeline",
                        "{\"name\":\"CI pipeline\",\"scopes\":[\"tickets:read\"]}",
                        "scopes",
                        "[\"tickets:read\"]",
                        "{\"name\":\"K\",\"scopes\":[\"tickets:delete\"]}",
                        List.of(error(
                                "scopes[0]",
                                "must be one of [tickets:read, tickets:write, tickets:create, config:read, "
                                        + "config:write, metrics:read]"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("collections")
    void shouldCreateReadListReplaceAndDeleteAnEntity(Case c) {
        AdminApi api = new AdminApi();
        String base = "/api/v1/admin/" + c.collection();
        String self = base + "/" + c.id();

        JsonNode created = api.admin()
                .post()
                .uri(base)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(c.create())
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .location(self)
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"1\"")
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(created.get("id").stringValue()).isEqualTo(c.id());
        assertThat(created.get("revision").longValue()).isEqualTo(1);
        assertThat(created.get("updatedAt").stringValue()).isEqualTo("2026-03-02T09:30:00Z");
        assertThat(created.get("updatedBy"))
                .isEqualTo(json("{\"kind\":\"ADMIN\",\"id\":\"root\",\"displayName\":\"Root Admin\","
                        + "\"email\":\"root@helpdesk.test\"}"));
        JsonNode requested = json(c.create());
        // What was sent comes back; nested records also come back with their defaults filled in.
        requested.propertyNames().stream()
                .filter(name -> !name.equals("password") && !hasRecords(requested.get(name)))
                .forEach(name -> assertThat(created.get(name)).as(name).isEqualTo(requested.get(name)));
        JsonNode read = api.admin()
                .get()
                .uri(self)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"1\"")
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(read).isEqualTo(withoutKey(created));
        JsonNode list = api.admin()
                .get()
                .uri(base)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(list.get("items")
                        .valueStream()
                        .filter(item -> item.get("id").stringValue().equals(c.id())))
                .containsExactly(read);

        api.admin()
                .post()
                .uri(base)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(c.create())
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT)
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo(c.collection() + "/" + c.id() + " exists already; PUT to it to replace it.");

        JsonNode replaced = put(api, self, c.update(), "\"1\"")
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"2\"")
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(replaced.get("revision").longValue()).isEqualTo(2);
        assertThat(replaced.get(c.field())).isEqualTo(json(c.updated()));

        put(api, self, c.update(), "\"1\"")
                .expectStatus()
                .isEqualTo(HttpStatus.PRECONDITION_FAILED)
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo(c.collection() + "/" + c.id() + " is at revision 2, not \"1\"; read it again.");
        put(api, self, c.update(), null).expectStatus().isOk().expectHeader().valueEquals(HttpHeaders.ETAG, "\"3\"");

        api.admin()
                .post()
                .uri(base)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(c.invalid())
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class)
                .value(problem -> assertThat(errors(problem)).isEqualTo(c.errors()));

        api.admin()
                .delete()
                .uri(self)
                .header(HttpHeaders.IF_MATCH, "\"2\"")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.PRECONDITION_FAILED);
        api.admin().delete().uri(self).exchange().expectStatus().isNoContent();
        api.admin().get().uri(self).exchange().expectStatus().isNotFound();
        api.admin()
                .delete()
                .uri(self)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("There is no " + c.collection() + "/" + c.id() + ".");
        String key = api.store.written().get(0).replaceAll("@1$", "");
        assertThat(api.store.written()).containsExactly(key + "@1", key + "@2", key + "@3", key + " deleted");
    }

    private static org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec put(
            AdminApi api, String uri, String body, String ifMatch) {
        var request = api.admin().put().uri(uri).contentType(MediaType.APPLICATION_JSON);
        if (ifMatch != null) {
            request = request.header(HttpHeaders.IF_MATCH, ifMatch);
        }
        return request.bodyValue(body).exchange();
    }

    static List<FieldError> errors(JsonNode problem) {
        List<FieldError> errors = new ArrayList<>();
        problem.get("errors")
                .forEach(error -> errors.add(new FieldError(
                        error.get("field").stringValue(), error.get("message").stringValue())));
        return errors;
    }

    private static boolean hasRecords(JsonNode value) {
        return value.isObject() || value.valueStream().anyMatch(JsonNode::isObject);
    }

    private static JsonNode withoutKey(JsonNode entity) {
        JsonNode copy = entity.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) copy).remove("key");
        return copy;
    }

    private static FieldError error(String field, String message) {
        return new FieldError(field, message);
    }

    static JsonNode json(String text) {
        return MAPPER.readTree(text);
    }
}
