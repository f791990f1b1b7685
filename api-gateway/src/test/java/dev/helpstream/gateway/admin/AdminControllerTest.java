package dev.helpstream.gateway.admin;

import static dev.helpstream.gateway.admin.AdminCollectionsTest.errors;
import static dev.helpstream.gateway.admin.AdminCollectionsTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.gateway.json.FieldError;
import dev.helpstream.gateway.security.Caller;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.ApiKey;
import dev.helpstream.schema.config.HelpdeskSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The admin API's rules beyond one collection's life: secrets, settings, ids, references, who. */
class AdminControllerTest {

    private static final String BASE = "/api/v1/admin";
    private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder();

    private final AdminApi api = new AdminApi();

    @Test
    void shouldStoreOnlyABcryptHashOfAnAgentsPasswordAndNeverReturnIt() {
        String body = post(
                        "agents",
                        "{\"username\":\"dora\",\"displayName\":\"Dora\",\"email\":\"dora@helpdesk.test\","
                                + "\"password\":\"correct horse\"}")
                .expectStatus()
                .isCreated()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        Agent stored = agent("dora");
        assertThat(BCRYPT.matches("correct horse", stored.getPasswordHash())).isTrue();
        assertThat(json(body).get("passwordSet").booleanValue()).isTrue();
        assertThat(json(body).has("passwordHash")).isFalse();
        assertThat(json(body).has("password")).isFalse();
        assertThat(body).doesNotContain(stored.getPasswordHash()).doesNotContain("correct horse");
        assertThat(api.admin()
                        .get()
                        .uri(BASE + "/agents")
                        .exchange()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody())
                .doesNotContain("passwordHash")
                .doesNotContain("$2a$");
    }

    @Test
    void shouldKeepAnAgentsPasswordWhenAReplacementLeavesItOutAndChangeOrClearItOnRequest() {
        String ana = "\"username\":\"ana\",\"displayName\":\"Ana A.\",\"email\":\"ana@helpdesk.test\","
                + "\"departmentIds\":[\"support\"]";

        put("agents/ana", "{" + ana + "}").expectStatus().isOk();
        assertThat(agent("ana").getPasswordHash()).isEqualTo(AdminApi.ANA_PASSWORD_HASH);
        assertThat(agent("ana").getDisplayName()).isEqualTo("Ana A.");

        put("agents/ana", "{" + ana + ",\"password\":\"new password\"}")
                .expectStatus()
                .isOk();
        assertThat(BCRYPT.matches("new password", agent("ana").getPasswordHash()))
                .isTrue();

        put("agents/ana", "{" + ana + ",\"password\":null}")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.passwordSet")
                .isEqualTo(false);
        assertThat(agent("ana").getPasswordHash()).isNull();
    }

    @Test
    void shouldRefuseAPasswordHashAndATooShortOrTooLongPassword() {
        String dora = "\"username\":\"dora\",\"displayName\":\"Dora\",\"email\":\"dora@helpdesk.test\"";

        assertThat(problem(post("agents", "{" + dora + ",\"passwordHash\":\"$2a$10$x\",\"password\":\"short\"}"), 422))
                .containsExactly(
                        new FieldError("passwordHash", "cannot be set: send password, which is stored hashed"),
                        new FieldError("password", "must have at least 8 characters"));
        assertThat(problem(post("agents", "{" + dora + ",\"password\":\"" + "é".repeat(37) + "\"}"), 422))
                .containsExactly(new FieldError("password", "must be at most 72 bytes long"));
        assertThat(api.store.written()).isEmpty();
    }

    @Test
    void shouldNeverLetAnApiKeyGrantMoreThanItHolds() {
        WebTestClient key = api.as(new Caller(
                Caller.Kind.INTEGRATION,
                "provisioning",
                "Provisioning",
                null,
                java.util.Set.of(),
                java.util.Set.of(Caller.SCOPE_CONFIG_WRITE, Caller.SCOPE_TICKETS_READ)));

        assertThat(problem(
                        key.post()
                                .uri(BASE + "/agents")
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue("{\"username\":\"root2\",\"displayName\":\"Root\","
                                        + "\"email\":\"root2@helpdesk.test\",\"role\":\"ADMIN\"}")
                                .exchange(),
                        403))
                .containsExactly(new FieldError("role", "must be AGENT for an API key"));
        assertThat(problem(
                        key.post()
                                .uri(BASE + "/api-keys")
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue("{\"name\":\"Wider\",\"scopes\":[\"tickets:read\",\"tickets:write\"]}")
                                .exchange(),
                        403))
                .containsExactly(new FieldError("scopes[1]", "is not a scope of the calling key"));
        assertThat(api.store.written()).isEmpty();
        key.post()
                .uri(BASE + "/api-keys")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"Narrower\",\"scopes\":[\"tickets:read\"]}")
                .exchange()
                .expectStatus()
                .isCreated();
    }

    @Test
    void shouldGenerateAnApiKeyShowItOnceAndStoreOnlyItsSha256() throws Exception {
        JsonNode created = post("api-keys", "{\"name\":\"CI pipeline\",\"scopes\":[\"tickets:create\"]}")
                .expectStatus()
                .isCreated()
                .expectHeader()
                .cacheControl(org.springframework.http.CacheControl.noStore())
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        String key = created.get("key").stringValue();
        assertThat(key).matches("hs_[A-Za-z0-9_-]{32}");
        ApiKey stored = api.store.snapshot().get(ApiKey.class, "ci-pipeline").orElseThrow();
        assertThat(stored.getKeyHash())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8))));
        assertThat(stored.getKeyPrefix()).isEqualTo(key.substring(0, 8));
        assertThat(created.get("keyPrefix").stringValue()).isEqualTo(key.substring(0, 8));
        assertThat(created.has("keyHash")).isFalse();
        String read = api.admin()
                .get()
                .uri(BASE + "/api-keys/ci-pipeline")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(read).doesNotContain(key).doesNotContain(stored.getKeyHash()).doesNotContain("\"key\"");

        JsonNode replaced = put(
                        "api-keys/ci-pipeline", "{\"name\":\"CI\",\"scopes\":[\"tickets:read\"],\"enabled\":false}")
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(replaced.has("key")).isFalse();
        ApiKey after = api.store.snapshot().get(ApiKey.class, "ci-pipeline").orElseThrow();
        assertThat(after.getKeyHash()).isEqualTo(stored.getKeyHash());
        assertThat(after.getKeyPrefix()).isEqualTo(stored.getKeyPrefix());
        assertThat(after.getEnabled()).isFalse();
        assertThat(problem(post("api-keys", "{\"name\":\"Mine\",\"keyHash\":\"00ff\"}"), 422))
                .containsExactly(new FieldError("keyHash", "is set by the server, which generates the key"));
    }

    @Test
    void shouldAcceptPlainHttpWebhooksOnlyToLoopbackAndOnlyWhenAllowed() {
        String local = "{\"name\":\"Local\",\"url\":\"http://localhost:9000/hook\",\"secretRef\":\"local\"}";

        assertThat(problem(post("webhooks", local), 422))
                .containsExactly(new FieldError(
                        "url",
                        "must use https (http to a loopback host needs helpstream.admin.allow-loopback-webhooks)"));
        assertThat(problem(
                        post(
                                "webhooks",
                                "{\"name\":\"Creds\",\"url\":\"https://me:pw@hooks.example.com/\",\"secretRef\":\"c\"}"),
                        422))
                .containsExactly(new FieldError("url", "must not contain credentials (use secretRef)"));
        assertThat(problem(post("webhooks", "{\"name\":\"Relative\",\"url\":\"/hooks\",\"secretRef\":\"r\"}"), 422))
                .containsExactly(new FieldError("url", "must be an absolute https URL"));

        AdminApi allowing = new AdminApi(true);
        for (String url : List.of("http://localhost:9000/hook", "http://127.0.0.1:9000/hook", "http://[::1]:9000/")) {
            allowing.admin()
                    .post()
                    .uri(BASE + "/webhooks")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"name\":\"" + url + "\",\"url\":\"" + url + "\",\"secretRef\":\"local\"}")
                    .exchange()
                    .expectStatus()
                    .isCreated();
        }
        allowing.admin()
                .post()
                .uri(BASE + "/webhooks")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"Remote\",\"url\":\"http://hooks.example.com/\",\"secretRef\":\"remote\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
    }

    @Test
    void shouldServeTheDefaultSettingsUntilSavedThenReplaceThemUnderIfMatch() {
        JsonNode defaults = api.admin()
                .get()
                .uri(BASE + "/settings")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"0\"")
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(defaults.get("id").stringValue()).isEqualTo("helpdesk");
        assertThat(defaults.get("revision").longValue()).isZero();
        assertThat(defaults.get("reopenWindowDays").intValue()).isEqualTo(30);

        ((ObjectNode) defaults).put("reopenWindowDays", 7);
        ((ObjectNode) defaults).put("defaultDepartmentId", "support");
        api.admin()
                .put()
                .uri(BASE + "/settings")
                .header(HttpHeaders.IF_MATCH, "\"0\"")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(defaults)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .location(BASE + "/settings")
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"1\"");

        assertThat(api.store.snapshot().settings().orElseThrow().getReopenWindowDays())
                .isEqualTo(7);
        api.admin()
                .get()
                .uri(BASE + "/settings")
                .exchange()
                .expectBody()
                .jsonPath("$.revision")
                .isEqualTo(1)
                .jsonPath("$.defaultDepartmentId")
                .isEqualTo("support");
        api.admin()
                .put()
                .uri(BASE + "/settings")
                .header(HttpHeaders.IF_MATCH, "\"0\"")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.PRECONDITION_FAILED)
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("settings/helpdesk is at revision 1, not \"0\"; read it again.");
    }

    @Test
    void shouldRefuseInvalidSettingsNamingEveryField() {
        String settings = "{\"reopenWindowDays\":-2,\"autoCloseInactiveDays\":-1,\"maxAttachmentBytes\":-5,"
                + "\"senderCapPerDay\":-1,\"allowedAttachmentExtensions\":[\"pdf\",\".doc\",\"PDF\",\"pdf\"],"
                + "\"defaultLanguage\":\"english!\",\"defaultDepartmentId\":\"mars\",\"defaultPriorityId\":\"none\","
                + "\"publicBaseUrl\":\"portal.example.com\",\"messageIdDomain\":\"mail..example.com\","
                + "\"maxEmailBytes\":0}";

        assertThat(problem(put("settings", settings), 422))
                .containsExactly(
                        new FieldError("reopenWindowDays", "must be -1 (always), 0 (never) or a number of days"),
                        new FieldError("autoCloseInactiveDays", "must be 0 (off) or a number of days"),
                        new FieldError("maxAttachmentBytes", "must be 0 or more"),
                        new FieldError("senderCapPerDay", "must be 0 (off) or more"),
                        new FieldError(
                                "allowedAttachmentExtensions[1]",
                                "must be 1 to 10 lower-case letters or digits, without a dot"),
                        new FieldError(
                                "allowedAttachmentExtensions[2]",
                                "must be 1 to 10 lower-case letters or digits, without a dot"),
                        new FieldError("allowedAttachmentExtensions[3]", "repeats 'pdf'"),
                        new FieldError("defaultLanguage", "must be a BCP 47 language tag such as en or pt-BR"),
                        new FieldError(
                                "messageIdDomain",
                                "must be a domain name such as helpdesk.example.com (ASCII letters, digits, dashes "
                                        + "and dots; punycode for international names)"),
                        new FieldError("maxEmailBytes", "must be between 1 and 1073741824 (1 GiB)"),
                        new FieldError("publicBaseUrl", "must be an absolute http(s) URL"),
                        new FieldError("defaultDepartmentId", "there is no department 'mars'"),
                        new FieldError("defaultPriorityId", "there is no priority 'none'"));
        assertThat(problem(put("settings", "{\"customerNotifications\":{\"staffReply\":\"yes\"}}"), 422))
                .containsExactly(new FieldError("customerNotifications.staffReply", "must be true or false"));
        assertThat(api.store.written()).isEmpty();
    }

    @Test
    void shouldStoreTheMessageIdDomainLowerCased() {
        put("settings", "{\"messageIdDomain\":\"Tickets.Example.COM\",\"maxEmailBytes\":1048576}")
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.messageIdDomain")
                .isEqualTo("tickets.example.com");

        HelpdeskSettings stored = api.store.snapshot().settings().orElseThrow();
        assertThat(stored.getMessageIdDomain()).isEqualTo("tickets.example.com");
        assertThat(stored.getMaxEmailBytes()).isEqualTo(1_048_576L);
    }

    @Test
    void shouldAnswerTheSettingsOnlyAsOneEntity() {
        post("settings", "{}")
                .expectStatus()
                .isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
                .expectHeader()
                .valueEquals(HttpHeaders.ALLOW, "GET,PUT")
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("The settings are one entity: GET or PUT /api/v1/admin/settings.");
        api.admin()
                .delete()
                .uri(BASE + "/settings/helpdesk")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
    }

    @Test
    void shouldAnswer404ForAnUnknownCollectionOrEntity() {
        api.admin()
                .get()
                .uri(BASE + "/widgets")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .json("""
                        {"type":"about:blank","title":"Not Found","status":404,
                         "detail":"There is no admin collection 'widgets'; GET /api/v1/admin lists them.",
                         "instance":"/api/v1/admin/widgets"}""", JsonCompareMode.STRICT);
        api.admin()
                .get()
                .uri(BASE + "/departments/sales")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("There is no departments/sales.");
    }

    @Test
    void shouldRefuseToDeleteWhatOthersStillReferToAndNameThem() {
        assertThat(problem(
                        api.admin().delete().uri(BASE + "/departments/support").exchange(), 409))
                .containsExactly(
                        new FieldError("services/hosting.departmentId", "refers to departments/support"),
                        new FieldError("agents/ana.departmentIds[0]", "refers to departments/support"),
                        new FieldError(
                                "support-addresses/support@helpdesk.test.departmentId",
                                "refers to departments/support"));
        assertThat(problem(api.admin().delete().uri(BASE + "/agents/ana").exchange(), 409))
                .containsExactly(new FieldError("departments/support.agentIds[0]", "refers to agents/ana"));

        api.admin()
                .delete()
                .uri(BASE + "/departments/billing")
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(api.store.written()).containsExactly("DEPARTMENT:billing deleted");
    }

    @Test
    void shouldDeriveIdsFromNamesTakeGivenOnesAndRefuseBadOnes() {
        post("departments", "{\"name\":\"Web Hosting (EU) — Ünïcode\"}")
                .expectStatus()
                .isCreated()
                .expectHeader()
                .location(BASE + "/departments/web-hosting-eu-unicode");
        post("departments", "{\"id\":\"Sales-2\",\"name\":\"Sales\"}")
                .expectStatus()
                .isCreated()
                .expectHeader()
                .location(BASE + "/departments/Sales-2");

        assertThat(problem(post("departments", "{\"name\":\"!!!\"}"), 422)).containsExactly(AdminBodies.idError());
        assertThat(problem(post("departments", "{\"id\":\"two words\",\"name\":\"X\"}"), 422))
                .containsExactly(AdminBodies.idError());
        assertThat(problem(put("departments/billing", "{\"id\":\"sales\",\"name\":\"X\"}"), 422))
                .containsExactly(new FieldError("id", "must be 'billing' as in the path, or left out"));
        assertThat(problem(put("departments/a:b", "{\"name\":\"X\"}"), 422)).containsExactly(AdminBodies.idError());
    }

    @Test
    void shouldTakeBackWhatAGetReturned() {
        JsonNode ana = api.admin()
                .get()
                .uri(BASE + "/agents/ana")
                .exchange()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        ((ObjectNode) ana).put("displayName", "Ana Again");

        put("agents/ana", ana.toString())
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.revision")
                .isEqualTo(2)
                .jsonPath("$.passwordSet")
                .isEqualTo(true);

        assertThat(agent("ana").getDisplayName()).isEqualTo("Ana Again");
        assertThat(agent("ana").getPasswordHash()).isEqualTo(AdminApi.ANA_PASSWORD_HASH);
    }

    @Test
    void shouldRefuseABodyThatIsNotAJsonObject() {
        assertThat(problem(post("departments", "[1]"), 422)).containsExactly(new FieldError("", "must be an object"));
        post("departments", "{\"name\":")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void shouldListTheCollectionsWithTheirCounts() {
        JsonNode body = api.admin()
                .get()
                .uri(BASE)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(body.get("collections").size()).isEqualTo(16);
        assertThat(body.get("collections").get(0))
                .isEqualTo(json("{\"name\":\"departments\",\"entityType\":\"DEPARTMENT\",\"count\":2,"
                        + "\"href\":\"/api/v1/admin/departments\"}"));
        assertThat(body.get("collections")
                        .valueStream()
                        .map(entry -> entry.get("name").stringValue() + "="
                                + entry.get("count").intValue()))
                .containsExactly(
                        "departments=2",
                        "services=1",
                        "agents=1",
                        "filters=0",
                        "canned-responses=1",
                        "priorities=2",
                        "categories=1",
                        "statuses=2",
                        "ticket-types=1",
                        "webhooks=0",
                        "sla-policies=0",
                        "business-calendars=1",
                        "email-templates=0",
                        "support-addresses=1",
                        "api-keys=0",
                        "settings=0");
    }

    @Test
    void shouldLetOnlyAdminsAndConfigScopesIn() {
        api.anonymous().get().uri(BASE).exchange().expectStatus().isUnauthorized();
        api.as(AdminApi.AGENT)
                .get()
                .uri(BASE + "/departments")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("Reading the configuration needs an admin or the scope config:read.");
        api.as(AdminApi.CONFIG_READER)
                .get()
                .uri(BASE + "/departments")
                .exchange()
                .expectStatus()
                .isOk();
        api.as(AdminApi.CONFIG_READER)
                .post()
                .uri(BASE + "/categories")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"Spam\"}")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("Changing the configuration needs an admin or the scope config:write.");
        api.as(AdminApi.CONFIG_WRITER)
                .post()
                .uri(BASE + "/categories")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"Spam\"}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.updatedBy.kind")
                .isEqualTo("INTEGRATION")
                .jsonPath("$.updatedBy.id")
                .isEqualTo("terraform");
        assertThat(api.store.written()).containsExactly("CATEGORY:spam@1");
    }

    private WebTestClient.ResponseSpec post(String collection, String body) {
        return api.admin()
                .post()
                .uri(BASE + "/" + collection)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private WebTestClient.ResponseSpec put(String path, String body) {
        return api.admin()
                .put()
                .uri(BASE + "/" + path)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private static List<FieldError> problem(WebTestClient.ResponseSpec response, int status) {
        return errors(response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody());
    }

    private Agent agent(String id) {
        return api.store.snapshot().get(Agent.class, id).orElseThrow();
    }
}
