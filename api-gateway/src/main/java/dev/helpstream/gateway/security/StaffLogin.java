package dev.helpstream.gateway.security;

import dev.helpstream.gateway.ConfigView;
import dev.helpstream.schema.config.Agent;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The password login of agents and admins. Input: a username and password; the agents of the
 * current configuration. Output: the {@link Caller} and a staff access token, or empty.
 *
 * <p>Invariants: an unknown username, an inactive agent, an agent without a password and a wrong
 * password all give the same empty answer after the same work (a BCrypt check against a dummy hash
 * when there is no real one), so neither the answer nor its timing tells which usernames exist.
 * BCrypt is deliberately slow, so it runs on the bounded-elastic scheduler, never on an event loop.
 */
@Component
class StaffLogin {

    private final CallerDirectory directory;
    private final ConfigView config;
    private final PasswordEncoder passwords;
    private final GatewayTokens tokens;
    private final String dummyHash;

    StaffLogin(CallerDirectory directory, ConfigView config, PasswordEncoder passwords, GatewayTokens tokens) {
        this.directory = directory;
        this.config = config;
        this.passwords = passwords;
        this.tokens = tokens;
        this.dummyHash = passwords.encode(UUID.randomUUID().toString());
    }

    /**
     * A successful login.
     *
     * @param caller who logged in, as requests with the token will see them
     * @param username the agent's username
     * @param role the agent's role
     * @param token the access token
     */
    record LoggedIn(Caller caller, String username, String role, GatewayTokens.IssuedToken token) {}

    /** The login of {@code username} with {@code password}; empty when refused. */
    Mono<LoggedIn> login(String username, String password) {
        return Mono.fromCallable(() -> check(username, password).orElse(null)).subscribeOn(Schedulers.boundedElastic());
    }

    private Optional<LoggedIn> check(String username, String password) {
        Optional<Map.Entry<String, Agent>> found = directory.agentByUsername(username);
        String hash = found.map(entry -> entry.getValue().getPasswordHash()).orElse(null);
        boolean matches;
        try {
            matches = passwords.matches(password == null ? "" : password, hash == null ? dummyHash : hash);
        } catch (IllegalArgumentException e) {
            // A hash in a format no encoder knows: as wrong as a wrong password.
            matches = false;
        }
        if (!matches || hash == null) {
            return Optional.empty();
        }
        String agentId = found.get().getKey();
        Agent agent = found.get().getValue();
        Caller caller = CallerDirectory.staffCaller(agentId, agent, config.snapshot());
        return Optional.of(
                new LoggedIn(caller, agent.getUsername(), agent.getRole().name(), tokens.staff(agentId)));
    }
}
