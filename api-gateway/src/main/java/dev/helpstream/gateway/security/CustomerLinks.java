package dev.helpstream.gateway.security;

import dev.helpstream.gateway.ConfigView;
import dev.helpstream.schema.PortalAccessLink;
import dev.helpstream.schema.config.HelpdeskSettings;
import java.time.Clock;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Portal magic links: a link {@code <portal>/portal?token=<jwt>} whose token is signed with the
 * link key, scoped to one email address and expiring after {@code
 * helpstream.security.customer-link-ttl}; and the exchange of such a token for a customer access
 * token. The portal base is the helpdesk settings' {@code publicBaseUrl}, else {@code
 * helpstream.security.portal-url}.
 *
 * <p>Output: {@link PortalAccessLink} records on {@code notifications.portal-links.v1} for the
 * notifier to email. Invariant: a link is only ever for the normalized (lower-case) address, so a
 * customer's tickets are found whatever case they typed.
 */
@Component
public class CustomerLinks {

    private final java.util.Map<String, java.time.Instant> usedLinks = new java.util.concurrent.ConcurrentHashMap<>();

    /** Plausible, not RFC-complete: the notifier's delivery is the real test of an address. */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s.]+$");

    private static final int MAX_EMAIL_LENGTH = 254;

    private final GatewayTokens tokens;
    private final ConfigView config;
    private final SecurityProperties properties;
    private final PortalLinkPublisher publisher;
    private final Clock clock;

    CustomerLinks(
            GatewayTokens tokens,
            ConfigView config,
            SecurityProperties properties,
            PortalLinkPublisher publisher,
            Clock clock) {
        this.tokens = tokens;
        this.config = config;
        this.properties = properties;
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * A customer's access to the portal.
     *
     * @param email the normalized email the session is for
     * @param token the customer access token
     */
    record CustomerSession(String email, GatewayTokens.IssuedToken token) {}

    /**
     * A portal link for {@code email}, for staff-side features (for example a link in a reply);
     * nothing is published.
     *
     * @throws IllegalArgumentException if {@code email} is not a plausible address
     */
    public String issueLink(String email) {
        return link(requireEmail(email), null).getUrl();
    }

    /** Whether {@code email} looks like an address a link can be sent to. */
    static boolean plausibleEmail(String email) {
        return email != null
                && email.strip().length() <= MAX_EMAIL_LENGTH
                && EMAIL.matcher(email.strip()).matches();
    }

    /** Issues a link for {@code email} and publishes it for the notifier to send. */
    Mono<PortalAccessLink> send(String email, String language) {
        PortalAccessLink link = link(requireEmail(email), language);
        return publisher.publish(link).thenReturn(link);
    }

    /**
     * Whether this is the first exchange of the link here: a link opens one session. The ids of
     * used links are kept until the links expire. Per instance: behind N gateways a link could
     * open one session on each.
     */
    private boolean firstUse(org.springframework.security.oauth2.jwt.Jwt jwt) {
        java.time.Instant now = java.time.Instant.now();
        usedLinks.values().removeIf(expiresAt -> expiresAt.isBefore(now));
        String id = jwt.getId() == null ? jwt.getTokenValue() : jwt.getId();
        return usedLinks.putIfAbsent(id, jwt.getExpiresAt() == null ? now : jwt.getExpiresAt()) == null;
    }

    /**
     * Exchanges a link token for a customer access token; errors with a {@link
     * BadCredentialsException} if the token is not a valid, unexpired link.
     */
    Mono<CustomerSession> openSession(String linkToken) {
        if (linkToken == null || linkToken.isBlank()) {
            return Mono.error(new BadCredentialsException("The link token is missing."));
        }
        return tokens.decodeLink(linkToken.strip())
                .onErrorMap(
                        JwtException.class,
                        e -> new BadCredentialsException("The link is not valid or has expired: ask for a new one.", e))
                .map(jwt -> {
                    if (!firstUse(jwt)) {
                        throw new BadCredentialsException("The link was used already: ask for a new one.");
                    }
                    String email = TicketAccess.normalizeEmail(jwt.getSubject());
                    return new CustomerSession(email, tokens.customerSession(email));
                });
    }

    private PortalAccessLink link(String normalizedEmail, String language) {
        GatewayTokens.IssuedToken token = tokens.customerLink(normalizedEmail);
        return PortalAccessLink.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setEmail(normalizedEmail)
                .setUrl(portalBase() + "/portal?token=" + token.value())
                .setExpiresAt(token.expiresAt())
                .setRequestedAt(clock.instant())
                .setLanguage(language)
                .build();
    }

    private String portalBase() {
        String base = config.snapshot()
                .settings()
                .map(HelpdeskSettings::getPublicBaseUrl)
                .filter(url -> url != null && SecurityProperties.httpUrl(url))
                .orElse(properties.portalUrl());
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private static String requireEmail(String email) {
        if (!plausibleEmail(email)) {
            throw new IllegalArgumentException("not an email address: " + email);
        }
        return TicketAccess.normalizeEmail(email);
    }
}
