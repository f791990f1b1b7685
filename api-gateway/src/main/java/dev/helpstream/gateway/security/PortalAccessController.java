package dev.helpstream.gateway.security;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * How customers reach the portal without an account.
 *
 * <ul>
 *   <li>{@code POST /api/v1/portal/access-links {"email", "language"?}}: 202 for any plausible
 *       address, whether or not it has tickets (the answer never tells); the link goes to {@code
 *       notifications.portal-links.v1} for the notifier to email. 429 beyond {@code
 *       helpstream.security.link-requests-per-hour} for one address.
 *   <li>{@code POST /api/v1/portal/session {"token"}}: a valid link token gives a customer access
 *       token; an invalid or expired one 401.
 * </ul>
 */
@RestController
@RequestMapping("/api/v1/portal")
class PortalAccessController {

    private static final Logger log = LoggerFactory.getLogger(PortalAccessController.class);

    private final CustomerLinks links;
    private final LinkRequestLimiter limiter;

    PortalAccessController(CustomerLinks links, LinkRequestLimiter limiter) {
        this.links = links;
        this.limiter = limiter;
    }

    /**
     * @param email the customer's address
     * @param language the email's language (BCP 47); default: the request's Accept-Language
     */
    record AccessLinkRequest(String email, String language) {}

    /** @param token the token of the magic link */
    record SessionRequest(String token) {}

    /**
     * @param accessToken the JWT to send as {@code Authorization: Bearer}
     * @param tokenType always {@code Bearer}
     * @param expiresIn seconds until the token expires
     * @param email the customer the token is for
     */
    record SessionResponse(String accessToken, String tokenType, long expiresIn, String email) {}

    @PostMapping("/access-links")
    Mono<ResponseEntity<Object>> requestLink(@RequestBody AccessLinkRequest request, ServerWebExchange exchange) {
        if (!CustomerLinks.plausibleEmail(request.email())) {
            return Mono.just(AuthController.problem(
                    HttpStatus.BAD_REQUEST,
                    "Send the email address the link is for.",
                    exchange,
                    Map.of("errors", List.of(Map.of("field", "email", "message", "must be an email address")))));
        }
        String email = TicketAccess.normalizeEmail(request.email());
        Optional<Duration> wait = limiter.tryAcquire(email);
        if (wait.isPresent()) {
            long seconds = Math.max(1, wait.get().toSeconds());
            ResponseEntity<Object> tooMany = AuthController.problem(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "Too many links were asked for this address; try again later.",
                    exchange,
                    Map.of());
            return Mono.just(ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .headers(tooMany.getHeaders())
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                    .body(tooMany.getBody()));
        }
        return links.send(email, language(request, exchange))
                .map(link -> ResponseEntity.accepted().build())
                .onErrorResume(e -> {
                    log.warn("Could not publish a portal link: {}", e.toString());
                    return Mono.just(AuthController.problem(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "The link could not be sent right now; try again in a minute.",
                            exchange,
                            Map.of()));
                });
    }

    @PostMapping("/session")
    Mono<ResponseEntity<Object>> openSession(@RequestBody SessionRequest request, ServerWebExchange exchange) {
        return links.openSession(request.token())
                .map(session -> ResponseEntity.ok()
                        .header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .<Object>body(new SessionResponse(
                                session.token().value(),
                                "Bearer",
                                session.token().expiresIn().toSeconds(),
                                session.email())))
                .onErrorResume(
                        BadCredentialsException.class,
                        e -> Mono.just(
                                AuthController.problem(HttpStatus.UNAUTHORIZED, e.getMessage(), exchange, Map.of())));
    }

    private static String language(AccessLinkRequest request, ServerWebExchange exchange) {
        if (request.language() != null && !request.language().isBlank()) {
            return Locale.forLanguageTag(request.language().strip()).toLanguageTag();
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = exchange.getRequest().getHeaders().getAcceptLanguage();
        } catch (IllegalArgumentException e) {
            return null;
        }
        return ranges.stream()
                .map(Locale.LanguageRange::getRange)
                .filter(range -> !range.equals("*"))
                .findFirst()
                // Ranges come lower-cased ("de-ch"); the tag's canonical form is "de-CH".
                .map(range -> Locale.forLanguageTag(range).toLanguageTag())
                .orElse(null);
    }
}
