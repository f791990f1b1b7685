package dev.helpstream.gateway.security;

import dev.helpstream.gateway.ConfigView;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.AgentRole;
import dev.helpstream.schema.config.ApiKey;
import dev.helpstream.schema.config.Department;
import dev.helpstream.support.config.ConfigEntities;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Builds the {@link Caller} of a request from the current configuration ({@link ConfigView}), so
 * that deactivating an agent, moving them to another department or revoking an API key applies to
 * the next request, whatever tokens are out there.
 *
 * <p>Input: {@code Agent}, {@code Department} and {@code ApiKey} entities. Invariants: only active
 * agents become callers; an agent's departments follow the rule routing-stream uses for team
 * membership; an API key is found by the lower-case hex SHA-256 of the presented key, as the
 * ingest service does, and must be enabled and unexpired.
 */
@Component
public class CallerDirectory {

    private static final Logger log = LoggerFactory.getLogger(CallerDirectory.class);

    private final ConfigView config;
    private final Clock clock;

    CallerDirectory(ConfigView config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** The caller for the agent with this id, if it exists and is active. */
    Optional<Caller> staff(String agentId) {
        ConfigEntities snapshot = config.snapshot();
        return snapshot.get(Agent.class, agentId)
                .filter(Agent::getActive)
                .map(agent -> staffCaller(agentId, agent, snapshot));
    }

    /**
     * The active agent whose username is {@code login}, else whose email is {@code login} (ignoring
     * case): how an identity from an external OpenID Connect issuer maps to an agent. A login that
     * fits several agents fits none.
     */
    Optional<Caller> staffByLogin(String login) {
        if (login == null || login.isBlank()) {
            return Optional.empty();
        }
        ConfigEntities snapshot = config.snapshot();
        Optional<Map.Entry<String, Agent>> byUsername =
                unique(snapshot, login, agent -> login.equals(agent.getUsername()));
        Optional<Map.Entry<String, Agent>> found = byUsername.isPresent()
                ? byUsername
                : unique(snapshot, login, agent -> login.equalsIgnoreCase(agent.getEmail()));
        return found.map(entry -> staffCaller(entry.getKey(), entry.getValue(), snapshot));
    }

    /** The active agent with this username (exact), with its id, for the password login. */
    Optional<Map.Entry<String, Agent>> agentByUsername(String username) {
        if (username == null || username.isBlank()) {
            return Optional.empty();
        }
        return unique(config.snapshot(), username, agent -> username.equals(agent.getUsername()));
    }

    /**
     * The caller as the current configuration sees it now: the same agent with its current role
     * and departments, the same API key with its current scopes; empty once the agent is inactive
     * or gone, or the key disabled, expired or gone. Long-lived requests (the live streams) check
     * it at each change, so a revoked permission applies at once there too.
     */
    public Optional<Caller> current(Caller caller) {
        return switch (caller.kind()) {
            case AGENT, ADMIN -> staff(caller.id());
            case CUSTOMER -> Optional.of(caller);
            case INTEGRATION ->
                config.snapshot()
                        .get(ApiKey.class, caller.id())
                        .filter(key -> key.getEnabled()
                                && (key.getExpiresAt() == null
                                        || clock.instant().isBefore(key.getExpiresAt())))
                        .map(key -> new Caller(
                                Caller.Kind.INTEGRATION,
                                caller.id(),
                                key.getName(),
                                null,
                                Set.of(),
                                Set.copyOf(key.getScopes())));
        };
    }

    /** The caller for a presented API key, if the key is known, enabled and not expired. */
    Optional<Caller> integration(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return Optional.empty();
        }
        String hash = sha256Hex(presentedKey);
        for (Map.Entry<String, ApiKey> entry :
                config.snapshot().all(ApiKey.class).entrySet()) {
            ApiKey key = entry.getValue();
            if (!MessageDigest.isEqual(
                    hash.getBytes(StandardCharsets.US_ASCII), key.getKeyHash().getBytes(StandardCharsets.US_ASCII))) {
                continue;
            }
            if (!key.getEnabled()
                    || (key.getExpiresAt() != null && !clock.instant().isBefore(key.getExpiresAt()))) {
                return Optional.empty();
            }
            return Optional.of(new Caller(
                    Caller.Kind.INTEGRATION,
                    entry.getKey(),
                    key.getName(),
                    null,
                    Set.of(),
                    Set.copyOf(key.getScopes())));
        }
        return Optional.empty();
    }

    /** The caller for a customer identified by their email (from a portal token). */
    static Caller customer(String email) {
        String normalized = TicketAccess.normalizeEmail(email);
        return new Caller(Caller.Kind.CUSTOMER, normalized, normalized, normalized, Set.of(), Set.of());
    }

    /** The caller of an active agent: admin or agent by role, with its departments. */
    static Caller staffCaller(String agentId, Agent agent, ConfigEntities config) {
        Caller.Kind kind = agent.getRole() == AgentRole.ADMIN ? Caller.Kind.ADMIN : Caller.Kind.AGENT;
        return new Caller(
                kind,
                agentId,
                agent.getDisplayName(),
                agent.getEmail(),
                departmentsOf(agentId, agent, config),
                Set.of());
    }

    /**
     * The active departments an agent belongs to. A support-team agent belongs to a department that
     * lists them in {@code agentIds} or that they list in {@code departmentIds} (routing-stream's
     * team rule); an agent off the support team (a manager) sees the departments they list, without
     * being on any team.
     */
    static Set<String> departmentsOf(String agentId, Agent agent, ConfigEntities config) {
        if (!agent.getActive()) {
            return Set.of();
        }
        Set<String> departments = new TreeSet<>();
        for (Map.Entry<String, Department> entry : config.all(Department.class).entrySet()) {
            Department department = entry.getValue();
            if (!department.getActive()) {
                continue;
            }
            boolean listsAgent =
                    agent.getSupportTeam() && department.getAgentIds().contains(agentId);
            if (listsAgent || agent.getDepartmentIds().contains(entry.getKey())) {
                departments.add(entry.getKey());
            }
        }
        return departments;
    }

    /** The lower-case hex SHA-256 of a key's UTF-8 bytes, as stored in {@code ApiKey.keyHash}. */
    static String sha256Hex(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static Optional<Map.Entry<String, Agent>> unique(
            ConfigEntities snapshot, String login, java.util.function.Predicate<Agent> matches) {
        List<Map.Entry<String, Agent>> found = snapshot.all(Agent.class).entrySet().stream()
                .filter(entry -> entry.getValue().getActive() && matches.test(entry.getValue()))
                .toList();
        if (found.size() > 1) {
            log.warn(
                    "{} active agents share the login {}; refusing it until an admin makes it unique",
                    found.size(),
                    login);
            return Optional.empty();
        }
        return found.stream().findFirst().map(entry -> Map.entry(entry.getKey(), entry.getValue()));
    }
}
