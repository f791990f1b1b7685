package dev.helpstream.gateway.security;

import static dev.helpstream.gateway.security.SecuredGateway.DEMO_API_KEY;
import static dev.helpstream.gateway.security.SecuredGateway.DEMO_PASSWORD;
import static dev.helpstream.gateway.security.SecuredGateway.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.helpstream.kafka.embedded.ClusterProbe;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.PortalAccessLink;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.ApiKey;
import dev.helpstream.schema.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authentication and the URL rules of the running gateway on a real broker: the password login
 * against the demo agents, the gateway's tokens (expired, tampered, foreign), API keys from the
 * config topic, the portal magic link through {@code notifications.portal-links.v1} to a customer
 * session, tokens of an external OpenID Connect issuer checked against a real JWKS endpoint, and
 * the problem+json answers of 401 and 403.
 */
class GatewaySecurityIT {

    private static final String ANONYMOUS_DETAIL =
            "Authentication is required: send Authorization: Bearer <token> or an API key.";
    private static final String FORBIDDEN_DETAIL = "Your role or scopes do not allow this request.";

    private static SecuredGateway gateway;
    private static WebTestClient http;

    @BeforeAll
    static void startGateway() throws Exception {
        gateway = SecuredGateway.start();
        http = gateway.http();
        gateway.writeConfig(
                view -> view.snapshot().get(ApiKey.class, "it-creator").isPresent(),
                SecuredGateway.entity(
                        ConfigEntityType.AGENT,
                        "dora",
                        SecuredGateway.agent("dora", false, SecuredGateway.bcrypt(DEMO_PASSWORD), List.of("support"))),
                SecuredGateway.entity(
                        ConfigEntityType.AGENT,
                        "erin",
                        SecuredGateway.agent(
                                "erin",
                                true,
                                "{bcrypt}" + SecuredGateway.bcrypt("erins password"),
                                List.of("billing"))),
                SecuredGateway.entity(
                        ConfigEntityType.AGENT,
                        "finn",
                        SecuredGateway.agent("finn", true, SecuredGateway.bcrypt("finns password"), List.of("sales"))),
                SecuredGateway.entity(
                        ConfigEntityType.API_KEY, "it-disabled", SecuredGateway.apiKey("hs_disabled", false, null)),
                SecuredGateway.entity(
                        ConfigEntityType.API_KEY,
                        "it-expired",
                        SecuredGateway.apiKey("hs_expired", true, Instant.now().minusSeconds(60), "tickets:read")),
                SecuredGateway.entity(
                        ConfigEntityType.API_KEY,
                        "it-config-reader",
                        SecuredGateway.apiKey("hs_config_reader", true, null, "config:read")),
                SecuredGateway.entity(
                        ConfigEntityType.API_KEY,
                        "it-config-writer",
                        SecuredGateway.apiKey(
                                "hs_config_writer", true, Instant.now().plusSeconds(3600), "config:write")),
                SecuredGateway.entity(
                        ConfigEntityType.API_KEY,
                        "it-creator",
                        SecuredGateway.apiKey("hs_creator", true, null, "tickets:create")));
    }

    @AfterAll
    static void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Nested
    class StaffLogin {

        @Test
        void shouldGiveADemoAgentATokenThatIdentifiesThemWithTheirDepartments() {
            JsonNode login = login("ana", DEMO_PASSWORD)
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
                    .expectBody(JsonNode.class)
                    .returnResult()
                    .getResponseBody();

            assertThat(login.get("tokenType").asString()).isEqualTo("Bearer");
            assertThat(login.get("expiresIn").asLong()).isEqualTo(8 * 3600);
            assertThat(login.get("agent"))
                    .isEqualTo(json(
                            "{\"id\":\"ana\",\"username\":\"ana\",\"displayName\":\"Ana Agent\",\"role\":\"AGENT\","
                                    + "\"departmentIds\":[\"support\"]}"));
            assertThat(me(bearer(login.get("accessToken").asString())))
                    .isEqualTo(json("{\"kind\":\"AGENT\",\"id\":\"ana\",\"displayName\":\"Ana Agent\","
                            + "\"email\":\"ana@helpdesk.test\",\"departmentIds\":[\"support\"],\"scopes\":[]}"));
        }

        @Test
        void shouldMakeTheAdminAnAdminOfEveryDepartment() {
            String token = accessToken(login("admin", DEMO_PASSWORD));

            assertThat(me(bearer(token)))
                    .isEqualTo(json("{\"kind\":\"ADMIN\",\"id\":\"admin\",\"displayName\":\"Demo Admin\","
                            + "\"email\":\"admin@helpdesk.test\",\"departmentIds\":[\"billing\",\"sales\",\"support\"],"
                            + "\"scopes\":[]}"));
        }

        @Test
        void shouldAcceptAPasswordHashWithTheBcryptPrefix() {
            String token = accessToken(login("erin", "erins password"));

            assertThat(me(bearer(token)).get("departmentIds")).isEqualTo(json("[\"billing\"]"));
        }

        @Test
        void shouldRefuseAWrongPasswordAnUnknownUserAndAnInactiveAgentWithTheSameAnswer() {
            String wrongPassword = refusedLogin("ana", "not the password");
            String unknownUser = refusedLogin("nobody", DEMO_PASSWORD);
            String inactiveAgent = refusedLogin("dora", DEMO_PASSWORD);

            assertThat(json(wrongPassword))
                    .isEqualTo(json("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                            + "\"detail\":\"The username or password is not correct.\","
                            + "\"instance\":\"/api/v1/auth/login\"}"));
            assertThat(unknownUser).isEqualTo(wrongPassword);
            assertThat(inactiveAgent).isEqualTo(wrongPassword);
        }

        @Test
        void shouldAnswerAMissingPasswordWithAFieldError() {
            http.post()
                    .uri("/api/v1/auth/login")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("username", "ana"))
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.errors[0].field")
                    .isEqualTo("password")
                    .jsonPath("$.errors.length()")
                    .isEqualTo(1);
        }

        private String refusedLogin(String username, String password) {
            return login(username, password)
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader()
                    .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
        }
    }

    @Nested
    class StaffTokens {

        @Test
        void shouldRefuseAnExpiredToken() {
            JsonNode problem =
                    unauthorized(bearer(TestTokens.expiredStaff(gateway.context(), "ana")), "/api/v1/auth/me");

            assertThat(problem.get("detail").asString()).startsWith("The bearer token is not valid: Jwt expired at ");
        }

        @Test
        void shouldRefuseATokenWhoseClaimsWereChanged() {
            String[] parts = TestTokens.staff(gateway.context(), "ana").split("\\.");
            String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            String forged = parts[0] + "."
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(claims.replace("\"sub\":\"ana\"", "\"sub\":\"admin\"")
                                    .getBytes(StandardCharsets.UTF_8))
                    + "." + parts[2];
            assertThat(forged).isNotEqualTo(TestTokens.staff(gateway.context(), "ana"));

            JsonNode problem = unauthorized(bearer(forged), "/api/v1/auth/me");

            assertThat(problem.get("detail").asString()).isEqualTo("The bearer token is not valid.");
        }

        @Test
        void shouldRefuseATokenThatIsNotAJwtOrSignedWithAnotherKey() {
            String linkToken = TestTokens.customerLink(gateway.context(), "clara@example.test");

            assertThat(unauthorized(bearer(linkToken), "/api/v1/auth/me")
                            .get("detail")
                            .asString())
                    .isEqualTo("The bearer token is not valid.");
            assertThat(unauthorized(bearer("a.b.c"), "/api/v1/auth/me")
                            .get("detail")
                            .asString())
                    .isEqualTo("The bearer token is not a JWT.");
        }

        @Test
        void shouldRefuseTheTokenOfAnAgentDeactivatedAfterLogin() throws Exception {
            String token = accessToken(login("finn", "finns password"));
            me(bearer(token));

            gateway.writeConfig(
                    view -> view.snapshot()
                            .get(Agent.class, "finn")
                            .map(agent -> !agent.getActive())
                            .orElse(false),
                    SecuredGateway.entity(
                            ConfigEntityType.AGENT,
                            "finn",
                            SecuredGateway.agent("finn", false, null, List.of("sales"))));

            assertThat(unauthorized(bearer(token), "/api/v1/auth/me")
                            .get("detail")
                            .asString())
                    .isEqualTo("The agent no longer exists or is inactive.");
            login("finn", "finns password").expectStatus().isUnauthorized();
        }

        @Test
        void shouldAcceptATokenInTheQueryOnlyForAnEventStream() {
            String token = TestTokens.staff(gateway.context(), "carl");

            String events = http.get()
                    .uri("/api/v1/staff/probe/stream?access_token={token}", token)
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();

            assertThat(events).isEqualTo("data:AGENT:carl\n\n");
            http.get()
                    .uri("/api/v1/staff/probe?access_token={token}", token)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized();
        }
    }

    @Nested
    class ApiKeys {

        @Test
        void shouldIdentifyTheDemoIntegratorByAnyOfTheThreeHeaders() {
            JsonNode expected = json("{\"kind\":\"INTEGRATION\",\"id\":\"demo-integrator\","
                    + "\"displayName\":\"Demo integrator\",\"email\":null,\"departmentIds\":[],"
                    + "\"scopes\":[\"tickets:create\",\"tickets:read\",\"tickets:write\"]}");

            assertThat(me(Map.of("X-Api-Key", DEMO_API_KEY))).isEqualTo(expected);
            assertThat(me(Map.of(HttpHeaders.AUTHORIZATION, "ApiKey " + DEMO_API_KEY)))
                    .isEqualTo(expected);
            assertThat(me(Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + DEMO_API_KEY)))
                    .isEqualTo(expected);
        }

        @Test
        void shouldRefuseAnUnknownADisabledAndAnExpiredKeyAlike() {
            for (String key : List.of("hs_not_a_key", "hs_disabled", "hs_expired")) {
                assertThat(unauthorized(Map.of("X-Api-Key", key), "/api/v1/staff/probe")
                                .get("detail")
                                .asString())
                        .as(key)
                        .isEqualTo("The API key is unknown, disabled or expired.");
            }
        }

        @Test
        void shouldRefuseTwoCredentialsAndUnknownSchemes() {
            assertThat(unauthorized(
                                    Map.of(
                                            "X-Api-Key",
                                            DEMO_API_KEY,
                                            HttpHeaders.AUTHORIZATION,
                                            TestTokens.bearer(TestTokens.staff(gateway.context(), "ana"))),
                                    "/api/v1/auth/me")
                            .get("detail")
                            .asString())
                    .isEqualTo("Send one credential: a bearer token or an API key, once.");
            assertThat(unauthorized(Map.of(HttpHeaders.AUTHORIZATION, "Basic YW5hOmRlbW8="), "/api/v1/auth/me")
                            .get("detail")
                            .asString())
                    .isEqualTo("Unsupported authorization scheme: use Bearer <token> or ApiKey <key>.");
        }
    }

    @Nested
    class CustomerAccess {

        @Test
        void shouldPublishAMagicLinkThatOpensACustomerSessionForTheNormalizedAddress() {
            http.post()
                    .uri("/api/v1/portal/access-links")
                    .header(HttpHeaders.ACCEPT_LANGUAGE, "de-CH, de;q=0.8")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("email", "Clara@Example.test"))
                    .exchange()
                    .expectStatus()
                    .isAccepted();

            List<PortalAccessLink> links = linksFor("clara@example.test");
            assertThat(links).hasSize(1);
            PortalAccessLink link = links.get(0);
            assertThat(link.getEmail()).isEqualTo("clara@example.test");
            assertThat(link.getLanguage()).isEqualTo("de-CH");
            assertThat(link.getUrl()).startsWith(SecuredGateway.PORTAL + "/portal?token=");
            assertThat(Duration.between(link.getRequestedAt(), link.getExpiresAt()))
                    .isBetween(Duration.ofHours(24).minusSeconds(1), Duration.ofHours(24));

            JsonNode session = openSession(link.getUrl().substring(link.getUrl().indexOf("token=") + 6))
                    .expectStatus()
                    .isOk()
                    .expectBody(JsonNode.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(session.get("tokenType").asString()).isEqualTo("Bearer");
            assertThat(session.get("expiresIn").asLong()).isEqualTo(7 * 24 * 3600);
            assertThat(session.get("email").asString()).isEqualTo("clara@example.test");

            Map<String, String> customer = bearer(session.get("accessToken").asString());
            assertThat(me(customer))
                    .isEqualTo(json("{\"kind\":\"CUSTOMER\",\"id\":\"clara@example.test\","
                            + "\"displayName\":\"clara@example.test\",\"email\":\"clara@example.test\","
                            + "\"departmentIds\":[],\"scopes\":[]}"));
            assertThat(probe(customer, "/api/v1/portal/probe")).isEqualTo("CUSTOMER:clara@example.test");
        }

        @Test
        void shouldAnswerTheSameForAnAddressWithoutTicketsAndRefuseAMalformedOne() {
            http.post()
                    .uri("/api/v1/portal/access-links")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("email", "never-wrote@example.test", "language", "fr"))
                    .exchange()
                    .expectStatus()
                    .isAccepted()
                    .expectBody()
                    .isEmpty();
            assertThat(linksFor("never-wrote@example.test"))
                    .singleElement()
                    .extracting(PortalAccessLink::getLanguage)
                    .isEqualTo("fr");

            http.post()
                    .uri("/api/v1/portal/access-links")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("email", "not an address"))
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.errors[0].field")
                    .isEqualTo("email");
        }

        @Test
        void shouldLimitLinksPerAddressToFiveAnHour() {
            for (int request = 1; request <= 5; request++) {
                http.post()
                        .uri("/api/v1/portal/access-links")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("email", "flood@example.test"))
                        .exchange()
                        .expectStatus()
                        .isAccepted();
            }

            http.post()
                    .uri("/api/v1/portal/access-links")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("email", "FLOOD@example.test"))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(429)
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader()
                    .value(
                            HttpHeaders.RETRY_AFTER,
                            retryAfter -> assertThat(Long.parseLong(retryAfter)).isBetween(3500L, 3600L));
            assertThat(linksFor("flood@example.test")).hasSize(5);
        }

        @Test
        void shouldOpenOneSessionPerLink() {
            String link = TestTokens.customerLink(gateway.context(), "once@example.test");

            openSession(link).expectStatus().isOk();
            openSession(link)
                    .expectStatus()
                    .isUnauthorized()
                    .expectBody()
                    .jsonPath("$.detail")
                    .isEqualTo("The link was used already: ask for a new one.");
        }

        @Test
        void shouldRefuseAnExpiredLinkAndAnAccessTokenPresentedAsALink() {
            String expected = "The link is not valid or has expired: ask for a new one.";

            assertThat(openSession(TestTokens.expiredCustomerLink(gateway.context(), "clara@example.test"))
                            .expectStatus()
                            .isUnauthorized()
                            .expectHeader()
                            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                            .expectBody(JsonNode.class)
                            .returnResult()
                            .getResponseBody()
                            .get("detail")
                            .asString())
                    .isEqualTo(expected);
            openSession(TestTokens.customer(gateway.context(), "clara@example.test"))
                    .expectStatus()
                    .isUnauthorized()
                    .expectBody()
                    .jsonPath("$.detail")
                    .isEqualTo(expected);
        }

        private WebTestClient.ResponseSpec openSession(String token) {
            return http.post()
                    .uri("/api/v1/portal/session")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("token", token))
                    .exchange();
        }

        private List<PortalAccessLink> linksFor(String email) {
            List<ConsumerRecord<String, PortalAccessLink>> records = ClusterProbe.readCommitted(
                    gateway.bootstrapServers(),
                    Topics.PORTAL_ACCESS_LINKS.name(),
                    new StringDeserializer(),
                    Topics.PORTAL_ACCESS_LINKS.valueSerde().deserializer(),
                    TIMEOUT);
            return records.stream()
                    .filter(record -> email.equals(record.key()))
                    .map(ConsumerRecord::value)
                    .toList();
        }
    }

    @Nested
    class ExternalIssuer {

        private static final Instant IN_AN_HOUR = Instant.now().plus(Duration.ofHours(1));

        @Test
        void shouldMapTheIssuersUsernameClaimToTheAgentWithThatUsernameOrEmail() throws Exception {
            assertThat(me(bearer(gateway.oidcToken(SecuredGateway.OIDC_ISSUER, "carl", IN_AN_HOUR))))
                    .isEqualTo(json("{\"kind\":\"AGENT\",\"id\":\"carl\",\"displayName\":\"Carl Agent\","
                            + "\"email\":\"carl@helpdesk.test\",\"departmentIds\":[\"sales\",\"support\"],"
                            + "\"scopes\":[]}"));
            assertThat(me(bearer(gateway.oidcToken(SecuredGateway.OIDC_ISSUER, "BEA@helpdesk.test", IN_AN_HOUR)))
                            .get("id")
                            .asString())
                    .isEqualTo("bea");
        }

        @Test
        void shouldRefuseAnUnknownOrInactiveAgent() throws Exception {
            for (String username : List.of("mallory", "dora")) {
                assertThat(unauthorized(
                                        bearer(gateway.oidcToken(SecuredGateway.OIDC_ISSUER, username, IN_AN_HOUR)),
                                        "/api/v1/auth/me")
                                .get("detail")
                                .asString())
                        .as(username)
                        .isEqualTo("No active agent matches the token's preferred_username.");
            }
        }

        @Test
        void shouldRefuseAnotherIssuerAnotherKeyAndAnExpiredToken() throws Exception {
            RSAKey stranger = new RSAKeyGenerator(2048).keyID("issuer-key").generate();

            assertThat(unauthorized(
                                    bearer(gateway.oidcToken("https://evil.example.test", "carl", IN_AN_HOUR)),
                                    "/api/v1/auth/me")
                            .get("detail")
                            .asString())
                    .contains("iss");
            assertThat(unauthorized(
                                    bearer(SecuredGateway.signed(
                                            stranger, SecuredGateway.OIDC_ISSUER, "carl", IN_AN_HOUR)),
                                    "/api/v1/auth/me")
                            .get("detail")
                            .asString())
                    .isEqualTo("The bearer token is not valid.");
            assertThat(unauthorized(
                                    bearer(gateway.oidcToken(
                                            SecuredGateway.OIDC_ISSUER,
                                            "carl",
                                            Instant.now().minus(Duration.ofHours(1)))),
                                    "/api/v1/auth/me")
                            .get("detail")
                            .asString())
                    .startsWith("The bearer token is not valid: Jwt expired at ");
        }
    }

    @Nested
    class UrlRules {

        @Test
        void shouldAnswerAnAnonymousCallToTheApiWithAProblemAndABearerChallenge() {
            String body = http.get()
                    .uri("/api/v1/staff/probe")
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader()
                    .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();

            assertThat(json(body))
                    .isEqualTo(json("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                            + "\"detail\":\"" + ANONYMOUS_DETAIL + "\",\"instance\":\"/api/v1/staff/probe\"}"));
            for (String path : List.of("/api/v1/admin/probe", "/api/v1/portal/probe", "/api/v1/elsewhere/probe")) {
                http.get().uri(path).exchange().expectStatus().isUnauthorized();
            }
        }

        @Test
        void shouldAnswerACallerWithoutTheRoleWithAForbiddenProblem() {
            String body = http.get()
                    .uri("/api/v1/admin/probe")
                    .headers(headers -> headers.setBearerAuth(TestTokens.staff(gateway.context(), "ana")))
                    .exchange()
                    .expectStatus()
                    .isForbidden()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();

            assertThat(json(body))
                    .isEqualTo(json("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                            + "\"detail\":\"" + FORBIDDEN_DETAIL + "\",\"instance\":\"/api/v1/admin/probe\"}"));
        }

        @Test
        void shouldLetStaffAndIntegrationsButNotCustomersIntoTheStaffApi() {
            assertThat(probe(bearer(TestTokens.staff(gateway.context(), "bea")), "/api/v1/staff/probe"))
                    .isEqualTo("AGENT:bea");
            assertThat(probe(bearer(TestTokens.staff(gateway.context(), "admin")), "/api/v1/staff/probe"))
                    .isEqualTo("ADMIN:admin");
            assertThat(probe(Map.of("X-Api-Key", "hs_creator"), "/api/v1/staff/probe"))
                    .isEqualTo("INTEGRATION:it-creator");
            forbidden(
                    bearer(TestTokens.customer(gateway.context(), "clara@example.test")), "GET", "/api/v1/staff/probe");
        }

        @Test
        void shouldLetOnlyCustomersIntoThePortalApi() {
            assertThat(probe(
                            bearer(TestTokens.customer(gateway.context(), "clara@example.test")),
                            "/api/v1/portal/probe"))
                    .isEqualTo("CUSTOMER:clara@example.test");
            forbidden(bearer(TestTokens.staff(gateway.context(), "admin")), "GET", "/api/v1/portal/probe");
            forbidden(Map.of("X-Api-Key", DEMO_API_KEY), "GET", "/api/v1/portal/probe");
        }

        @Test
        void shouldLetAdminsAndConfigScopedKeysIntoTheAdminApiByMethod() {
            Map<String, String> admin = bearer(TestTokens.staff(gateway.context(), "admin"));
            Map<String, String> reader = Map.of("X-Api-Key", "hs_config_reader");
            Map<String, String> writer = Map.of("X-Api-Key", "hs_config_writer");

            assertThat(probe(admin, "/api/v1/admin/probe")).isEqualTo("ADMIN:admin");
            assertThat(call(admin, "POST", "/api/v1/admin/probe")).isEqualTo("ADMIN:admin");
            assertThat(probe(reader, "/api/v1/admin/probe")).isEqualTo("INTEGRATION:it-config-reader");
            forbidden(reader, "POST", "/api/v1/admin/probe");
            assertThat(probe(writer, "/api/v1/admin/probe")).isEqualTo("INTEGRATION:it-config-writer");
            assertThat(call(writer, "POST", "/api/v1/admin/probe")).isEqualTo("INTEGRATION:it-config-writer");
            forbidden(Map.of("X-Api-Key", DEMO_API_KEY), "GET", "/api/v1/admin/probe");
            forbidden(
                    bearer(TestTokens.customer(gateway.context(), "clara@example.test")), "GET", "/api/v1/admin/probe");
        }

        @Test
        void shouldLetAnyAuthenticatedCallerElsewhereInTheApiAndAnyoneOutsideIt() {
            assertThat(probe(
                            bearer(TestTokens.customer(gateway.context(), "clara@example.test")),
                            "/api/v1/elsewhere/probe"))
                    .isEqualTo("CUSTOMER:clara@example.test");
            assertThat(probe(Map.of(), "/probe")).isEqualTo("anonymous");
            http.get()
                    .uri("/actuator/health")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo("UP")
                    .jsonPath("$.components")
                    .doesNotExist();
            http.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
            http.get()
                    .uri("/actuator/prometheus")
                    .headers(headers ->
                            bearer(TestTokens.staff(gateway.context(), "ana")).forEach(headers::set))
                    .exchange()
                    .expectStatus()
                    .isForbidden();
            http.get()
                    .uri("/actuator/prometheus")
                    .headers(headers ->
                            bearer(TestTokens.staff(gateway.context(), "admin")).forEach(headers::set))
                    .exchange()
                    .expectStatus()
                    .isOk();
        }

        private void forbidden(Map<String, String> credentials, String method, String path) {
            http.method(org.springframework.http.HttpMethod.valueOf(method))
                    .uri(path)
                    .headers(headers -> credentials.forEach(headers::set))
                    .exchange()
                    .expectStatus()
                    .isForbidden()
                    .expectBody()
                    .jsonPath("$.detail")
                    .isEqualTo(FORBIDDEN_DETAIL);
        }
    }

    @Nested
    class TestSupport {

        @Test
        void shouldLetTestsOfOtherPackagesActAsAnyCallerWithoutAToken() {
            WebTestClient client = WebTestClient.bindToApplicationContext(gateway.context())
                    .apply(SecurityMockServerConfigurers.springSecurity())
                    .configureClient()
                    .build();

            JsonNode me = client.mutateWith(SecurityMockServerConfigurers.mockAuthentication(
                            TestTokens.authentication(TestTokens.agent("zed", "billing"))))
                    .get()
                    .uri("/api/v1/auth/me")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(JsonNode.class)
                    .returnResult()
                    .getResponseBody();

            assertThat(me)
                    .isEqualTo(json("{\"kind\":\"AGENT\",\"id\":\"zed\",\"displayName\":\"zed\","
                            + "\"email\":\"zed@helpdesk.test\",\"departmentIds\":[\"billing\"],\"scopes\":[]}"));
            client.mutateWith(SecurityMockServerConfigurers.mockAuthentication(
                            TestTokens.authentication(TestTokens.integration("key", "tickets:read"))))
                    .get()
                    .uri("/api/v1/admin/probe")
                    .exchange()
                    .expectStatus()
                    .isForbidden();
        }
    }

    private static WebTestClient.ResponseSpec login(String username, String password) {
        return http.post()
                .uri("/api/v1/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "password", password))
                .exchange();
    }

    private static String accessToken(WebTestClient.ResponseSpec login) {
        return login.expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("accessToken")
                .asString();
    }

    private static Map<String, String> bearer(String token) {
        return Map.of(HttpHeaders.AUTHORIZATION, TestTokens.bearer(token));
    }

    private static JsonNode me(Map<String, String> credentials) {
        return http.get()
                .uri("/api/v1/auth/me")
                .headers(headers -> credentials.forEach(headers::set))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private static String probe(Map<String, String> credentials, String path) {
        return call(credentials, "GET", path);
    }

    private static String call(Map<String, String> credentials, String method, String path) {
        return http.method(org.springframework.http.HttpMethod.valueOf(method))
                .uri(path)
                .headers(headers -> credentials.forEach(headers::set))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    private static JsonNode unauthorized(Map<String, String> credentials, String path) {
        return http.get()
                .uri(path)
                .headers(headers -> credentials.forEach(headers::set))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private static JsonNode json(String text) {
        return JsonMapper.shared().readTree(text);
    }
}
