package dev.helpstream.gateway.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.Authentication;

/**
 * Credentials for tests of any package of the gateway.
 *
 * <ul>
 *   <li>Real tokens of a running gateway, signed with its configured (or random) secret: {@link
 *       #staff}, {@link #customer}, {@link #customerLink}, {@link #expiredStaff}; send them as
 *       {@code Authorization: Bearer <token>} ({@link #bearer}). A staff token works only while the
 *       agent exists and is active in the gateway's config view (the demo agents {@code ana},
 *       {@code bea}, {@code carl} and {@code admin} with {@code helpstream.demo.enabled=true}).
 *   <li>Callers and their {@link Authentication} for tests that skip the token: with a {@code
 *       WebTestClient} bound to the application context and {@code springSecurity()} applied,
 *       {@code .mutateWith(mockAuthentication(TestTokens.authentication(TestTokens.agent("ana",
 *       "support"))))}.
 * </ul>
 */
public final class TestTokens {

    private TestTokens() {}

    /** A staff access token for the agent {@code agentId}, as the password login issues it. */
    public static String staff(ApplicationContext gateway, String agentId) {
        return tokens(gateway).staff(agentId).value();
    }

    /** A customer access token for {@code email}, as the portal session exchange issues it. */
    public static String customer(ApplicationContext gateway, String email) {
        return tokens(gateway)
                .customerSession(TicketAccess.normalizeEmail(email))
                .value();
    }

    /** The token of a portal magic link for {@code email}. */
    public static String customerLink(ApplicationContext gateway, String email) {
        return tokens(gateway).customerLink(TicketAccess.normalizeEmail(email)).value();
    }

    /** A staff token for {@code agentId} that expires after {@code lifetime}. */
    public static String staff(ApplicationContext gateway, String agentId, Duration lifetime) {
        return tokens(gateway)
                .access(GatewayTokens.KIND_STAFF, agentId, Instant.now(), lifetime)
                .value();
    }

    /** A staff token for {@code agentId} that expired an hour ago. */
    public static String expiredStaff(ApplicationContext gateway, String agentId) {
        return tokens(gateway)
                .access(
                        GatewayTokens.KIND_STAFF,
                        agentId,
                        Instant.now().minus(Duration.ofHours(2)),
                        Duration.ofHours(1))
                .value();
    }

    /** A magic link token for {@code email} that expired an hour ago. */
    public static String expiredCustomerLink(ApplicationContext gateway, String email) {
        return tokens(gateway)
                .link(email, Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1))
                .value();
    }

    /** The {@code Authorization} header value for a token. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    /** The authentication the gateway builds for {@code caller}, for {@code mockAuthentication}. */
    public static Authentication authentication(Caller caller) {
        return CallerAuthentication.of(caller);
    }

    /** An agent in these departments. */
    public static Caller agent(String id, String... departmentIds) {
        return new Caller(Caller.Kind.AGENT, id, id, id + "@helpdesk.test", Set.of(departmentIds), Set.of());
    }

    /** An admin. */
    public static Caller admin(String id) {
        return new Caller(Caller.Kind.ADMIN, id, id, id + "@helpdesk.test", Set.of(), Set.of());
    }

    /** A customer with this email, normalized as the gateway does. */
    public static Caller customer(String email) {
        return CallerDirectory.customer(email);
    }

    /** An API key's caller with these scopes. */
    public static Caller integration(String keyId, String... scopes) {
        return new Caller(Caller.Kind.INTEGRATION, keyId, keyId, null, Set.of(), Set.of(scopes));
    }

    private static GatewayTokens tokens(ApplicationContext gateway) {
        return gateway.getBean(GatewayTokens.class);
    }
}
