package dev.helpstream.gateway.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway authenticates its callers ({@code helpstream.security}), validated at startup.
 *
 * @param tokenSecret the HS256 key of the staff and customer access tokens, at least 32 bytes
 *     ({@code HELPSTREAM_TOKEN_SECRET}); blank: a random one per start, so tokens neither survive a
 *     restart nor work on another instance
 * @param tokenTtl how long a staff access token lasts
 * @param customerLinkSecret the HS256 key of the portal magic links, at least 32 bytes, same rule
 * @param customerLinkTtl how long a magic link works
 * @param customerSessionTtl how long the customer access token a link is exchanged for lasts
 * @param portalUrl the portal's base URL for links, unless the helpdesk settings name a {@code
 *     publicBaseUrl}
 * @param linkRequestsPerHour how many magic links one email address may ask for in an hour
 * @param oidc an external OpenID Connect issuer whose tokens staff may also use
 */
@ConfigurationProperties("helpstream.security")
@Validated
record SecurityProperties(
        String tokenSecret,
        @NotNull @DefaultValue("8h") Duration tokenTtl,
        String customerLinkSecret,
        @NotNull @DefaultValue("24h") Duration customerLinkTtl,
        @NotNull @DefaultValue("7d") Duration customerSessionTtl,
        @NotBlank @DefaultValue("http://localhost:8080") String portalUrl,
        @Min(1) @Max(1000) @DefaultValue("5") int linkRequestsPerHour,
        @Valid @NotNull @DefaultValue Oidc oidc) {

    /** The shortest secret HS256 accepts: as long as its hash. */
    static final int MIN_SECRET_BYTES = 32;

    @AssertTrue(message = "must be at least 32 bytes (or blank for a random one)")
    boolean isTokenSecretLongEnough() {
        return longEnough(tokenSecret);
    }

    @AssertTrue(message = "must be at least 32 bytes (or blank for a random one)")
    boolean isCustomerLinkSecretLongEnough() {
        return longEnough(customerLinkSecret);
    }

    @AssertTrue(message = "must be positive") boolean isEveryTtlPositive() {
        return positive(tokenTtl) && positive(customerLinkTtl) && positive(customerSessionTtl);
    }

    @AssertTrue(message = "must be an absolute http(s) URL")
    boolean isPortalUrlAbsolute() {
        return portalUrl == null || httpUrl(portalUrl);
    }

    private static boolean longEnough(String secret) {
        return secret == null || secret.isBlank() || secret.getBytes(StandardCharsets.UTF_8).length >= MIN_SECRET_BYTES;
    }

    private static boolean positive(Duration ttl) {
        return ttl == null || (!ttl.isNegative() && !ttl.isZero());
    }

    static boolean httpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * An external OpenID Connect issuer (for example the company's SSO), off unless one of the
     * URIs is set.
     *
     * @param issuerUri the issuer; its tokens must carry it as {@code iss}; alone, its JWKS is found
     *     by discovery on first use
     * @param jwkSetUri where the issuer publishes its keys (skips discovery)
     * @param usernameClaim the claim naming the agent: matched to an agent's username, else email
     * @param audience when set, the tokens must name it in {@code aud}
     */
    record Oidc(
            String issuerUri,
            String jwkSetUri,
            @NotBlank @DefaultValue("preferred_username") String usernameClaim,
            String audience) {

        boolean enabled() {
            return hasText(issuerUri) || hasText(jwkSetUri);
        }

        @AssertTrue(message = "must be absolute http(s) URLs")
        boolean isEveryUriAbsolute() {
            return (!hasText(issuerUri) || httpUrl(issuerUri)) && (!hasText(jwkSetUri) || httpUrl(jwkSetUri));
        }

        static boolean hasText(String value) {
            return value != null && !value.isBlank();
        }
    }
}
