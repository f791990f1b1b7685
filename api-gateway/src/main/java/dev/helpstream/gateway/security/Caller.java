package dev.helpstream.gateway.security;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import java.util.Set;

/**
 * Who is calling, resolved per request from the current configuration (so a change of an agent's
 * departments or a key's scopes applies at once, not when a token expires). The principal of every
 * authenticated request: controllers take it with {@code @AuthenticationPrincipal Caller caller}.
 *
 * @param kind what sort of caller
 * @param id the agent id, the customer's normalized email, or the API key id
 * @param displayName shown on what the caller writes
 * @param email the caller's email (the customer's own address for customers)
 * @param departmentIds departments an agent belongs to; empty for others
 * @param scopes what an API key may do; empty for people (their kind decides)
 */
public record Caller(
        Kind kind, String id, String displayName, String email, Set<String> departmentIds, Set<String> scopes) {

    /** The scopes an API key may carry. */
    public static final String SCOPE_TICKETS_READ = "tickets:read";

    public static final String SCOPE_TICKETS_WRITE = "tickets:write";
    public static final String SCOPE_TICKETS_CREATE = "tickets:create";
    public static final String SCOPE_CONFIG_READ = "config:read";
    public static final String SCOPE_CONFIG_WRITE = "config:write";
    /** Read the gateway's metrics (Prometheus scrapes with such a key). */
    public static final String SCOPE_METRICS_READ = "metrics:read";

    public enum Kind {
        AGENT,
        ADMIN,
        CUSTOMER,
        INTEGRATION
    }

    public Caller {
        departmentIds = Set.copyOf(departmentIds);
        scopes = Set.copyOf(scopes);
    }

    /** Agents and admins. */
    public boolean isStaff() {
        return kind == Kind.AGENT || kind == Kind.ADMIN;
    }

    public boolean isAdmin() {
        return kind == Kind.ADMIN;
    }

    public boolean isCustomer() {
        return kind == Kind.CUSTOMER;
    }

    public boolean isIntegration() {
        return kind == Kind.INTEGRATION;
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /** The actor recorded on the commands this caller issues. */
    public Actor toActor() {
        ActorKind actorKind = switch (kind) {
            case AGENT -> ActorKind.AGENT;
            case ADMIN -> ActorKind.ADMIN;
            case CUSTOMER -> ActorKind.CUSTOMER;
            case INTEGRATION -> ActorKind.INTEGRATION;
        };
        return new Actor(actorKind, id, displayName, email);
    }
}
