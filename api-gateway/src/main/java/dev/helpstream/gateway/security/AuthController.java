package dev.helpstream.gateway.security;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Staff login and "who am I". {@code POST /api/v1/auth/login} exchanges a username and password for
 * a staff access token ({@link StaffLogin}); {@code GET /api/v1/auth/me} describes the caller of
 * any authenticated request. Refusals are {@code application/problem+json}.
 */
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

    private final StaffLogin login;

    AuthController(StaffLogin login) {
        this.login = login;
    }

    /**
     * @param username the agent's username
     * @param password the agent's password
     */
    record LoginRequest(String username, String password) {}

    /** The logged-in agent, as the web UI shows it. */
    record AgentView(String id, String username, String displayName, String role, List<String> departmentIds) {}

    /**
     * @param accessToken the JWT to send as {@code Authorization: Bearer}
     * @param tokenType always {@code Bearer}
     * @param expiresIn seconds until the token expires
     * @param agent who logged in
     */
    record LoginResponse(String accessToken, String tokenType, long expiresIn, AgentView agent) {}

    /**
     * The caller of the request.
     *
     * @param kind {@code AGENT}, {@code ADMIN}, {@code CUSTOMER} or {@code INTEGRATION}
     * @param id agent id, customer email or API key id
     * @param displayName the name shown on what the caller writes
     * @param email the caller's email, if any
     * @param departmentIds an agent's departments, sorted
     * @param scopes an API key's scopes, sorted
     */
    record CallerView(
            String kind, String id, String displayName, String email, List<String> departmentIds, List<String> scopes) {

        static CallerView of(Caller caller) {
            return new CallerView(
                    caller.kind().name(),
                    caller.id(),
                    caller.displayName(),
                    caller.email(),
                    caller.departmentIds().stream().sorted().toList(),
                    caller.scopes().stream().sorted().toList());
        }
    }

    @PostMapping("/login")
    Mono<ResponseEntity<Object>> login(@RequestBody LoginRequest request, ServerWebExchange exchange) {
        if (request.username() == null
                || request.username().isBlank()
                || request.password() == null
                || request.password().isEmpty()) {
            return Mono.just(problem(
                    HttpStatus.BAD_REQUEST,
                    "Send a username and a password.",
                    exchange,
                    Map.of("errors", missingFields(request))));
        }
        return login.login(request.username(), request.password())
                .map(done -> ResponseEntity.ok()
                        .header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .<Object>body(new LoginResponse(
                                done.token().value(),
                                "Bearer",
                                done.token().expiresIn().toSeconds(),
                                new AgentView(
                                        done.caller().id(),
                                        done.username(),
                                        done.caller().displayName(),
                                        done.role(),
                                        done.caller().departmentIds().stream()
                                                .sorted()
                                                .toList()))))
                .defaultIfEmpty(problem(
                        HttpStatus.UNAUTHORIZED, "The username or password is not correct.", exchange, Map.of()));
    }

    @GetMapping("/me")
    CallerView me(@AuthenticationPrincipal Caller caller) {
        return CallerView.of(caller);
    }

    /**
     * A problem+json answer from a controller of this package, shaped as the security filters
     * write theirs ({@link SecurityProblems#body}), with {@code properties} added (e.g. {@code
     * errors}).
     */
    static ResponseEntity<Object> problem(
            HttpStatus status, String detail, ServerWebExchange exchange, Map<String, Object> properties) {
        Map<String, Object> problem = SecurityProblems.body(
                status, detail, exchange.getRequest().getPath().value());
        problem.putAll(properties);
        ResponseEntity.BodyBuilder response =
                ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, SecurityProblems.BEARER_CHALLENGE);
        }
        return response.body(problem);
    }

    private static List<Map<String, String>> missingFields(LoginRequest request) {
        List<Map<String, String>> errors = new java.util.ArrayList<>();
        if (request.username() == null || request.username().isBlank()) {
            errors.add(Map.of("field", "username", "message", "must not be blank"));
        }
        if (request.password() == null || request.password().isEmpty()) {
            errors.add(Map.of("field", "password", "message", "must not be empty"));
        }
        return errors;
    }
}
