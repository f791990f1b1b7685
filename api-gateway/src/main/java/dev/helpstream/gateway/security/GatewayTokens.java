package dev.helpstream.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The gateway's own tokens: JWTs signed with HS256, issuer {@value #ISSUER}, whose {@value
 * #KIND_CLAIM} claim says what they are for.
 *
 * <ul>
 *   <li>{@value #KIND_STAFF}: an agent's access token after the password login, {@code sub} = the
 *       agent id, signed with {@code helpstream.security.token-secret};
 *   <li>{@value #KIND_CUSTOMER}: a customer's access token, {@code sub} = their normalized email,
 *       same key;
 *   <li>{@value #KIND_CUSTOMER_LINK}: the token of a portal magic link, {@code sub} = the email,
 *       signed with a separate key ({@code helpstream.security.customer-link-secret}) so that a
 *       link can never pass for an access token, nor an access token for a link.
 * </ul>
 *
 * <p>Invariant: a decoded token has a valid signature, issuer, kind and an expiry in the future
 * (30 seconds of clock skew). Tokens say who, never what: the caller's rights come from the
 * current configuration at each request.
 */
@Component
class GatewayTokens {

    static final String ISSUER = "helpstream";
    static final String KIND_CLAIM = "kind";
    static final String KIND_STAFF = "staff";
    static final String KIND_CUSTOMER = "customer";
    static final String KIND_CUSTOMER_LINK = "customer-link";

    private static final Logger log = LoggerFactory.getLogger(GatewayTokens.class);
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final SecurityProperties properties;
    private final Clock clock;
    private final NimbusJwtEncoder accessEncoder;
    private final NimbusJwtEncoder linkEncoder;
    private final NimbusReactiveJwtDecoder accessDecoder;
    private final NimbusReactiveJwtDecoder linkDecoder;

    GatewayTokens(SecurityProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        SecretKey accessKey = secretKey(properties.tokenSecret(), "helpstream.security.token-secret");
        SecretKey linkKey = secretKey(properties.customerLinkSecret(), "helpstream.security.customer-link-secret");
        this.accessEncoder = encoder(accessKey);
        this.linkEncoder = encoder(linkKey);
        this.accessDecoder = decoder(accessKey, Set.of(KIND_STAFF, KIND_CUSTOMER), clock);
        this.linkDecoder = decoder(linkKey, Set.of(KIND_CUSTOMER_LINK), clock);
    }

    /**
     * A signed token.
     *
     * @param value the compact JWT
     * @param expiresAt when it stops working
     * @param expiresIn its lifetime, for {@code expiresIn} in responses
     */
    record IssuedToken(String value, Instant expiresAt, Duration expiresIn) {}

    /** An access token for the agent with this id. */
    IssuedToken staff(String agentId) {
        return encode(accessEncoder, KIND_STAFF, agentId, clock.instant(), properties.tokenTtl());
    }

    /** An access token for the customer with this (normalized) email. */
    IssuedToken customerSession(String email) {
        return encode(accessEncoder, KIND_CUSTOMER, email, clock.instant(), properties.customerSessionTtl());
    }

    /** The token of a portal magic link for this (normalized) email. */
    IssuedToken customerLink(String email) {
        return encode(linkEncoder, KIND_CUSTOMER_LINK, email, clock.instant(), properties.customerLinkTtl());
    }

    /**
     * An access token of any kind, issued at any instant: for tests that need an expired token
     * (and so, package-private).
     */
    IssuedToken access(String kind, String subject, Instant issuedAt, Duration ttl) {
        return encode(accessEncoder, kind, subject, issuedAt, ttl);
    }

    /** A link token issued at any instant, for tests. */
    IssuedToken link(String subject, Instant issuedAt, Duration ttl) {
        return encode(linkEncoder, KIND_CUSTOMER_LINK, subject, issuedAt, ttl);
    }

    /** Decodes and validates a staff or customer access token; errors with a {@code JwtException}. */
    Mono<Jwt> decodeAccess(String token) {
        return accessDecoder.decode(token);
    }

    /** Decodes and validates a magic link token; errors with a {@code JwtException}. */
    Mono<Jwt> decodeLink(String token) {
        return linkDecoder.decode(token);
    }

    private static IssuedToken encode(
            NimbusJwtEncoder encoder, String kind, String subject, Instant issuedAt, Duration ttl) {
        Instant expiresAt = issuedAt.plus(ttl);
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject(subject)
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .id(UUID.randomUUID().toString())
                .claim(KIND_CLAIM, kind)
                .build();
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).type("JWT").build();
        String value = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        return new IssuedToken(value, expiresAt, ttl);
    }

    private static NimbusJwtEncoder encoder(SecretKey key) {
        return NimbusJwtEncoder.withSecretKey(key).algorithm(MacAlgorithm.HS256).build();
    }

    private static NimbusReactiveJwtDecoder decoder(SecretKey key, Set<String> kinds, Clock clock) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withSecretKey(key)
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(CLOCK_SKEW);
        timestamps.setClock(clock);
        timestamps.setAllowEmptyExpiryClaim(false);
        List<OAuth2TokenValidator<Jwt>> validators = List.of(
                timestamps,
                new JwtIssuerValidator(ISSUER),
                new JwtClaimValidator<Object>(
                        KIND_CLAIM, kind -> kind instanceof String value && kinds.contains(value)),
                new JwtClaimValidator<Object>("sub", sub -> sub instanceof String value && !value.isBlank()));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    private static SecretKey secretKey(String configured, String property) {
        byte[] bytes;
        if (configured == null || configured.isBlank()) {
            bytes = new byte[SecurityProperties.MIN_SECRET_BYTES];
            new SecureRandom().nextBytes(bytes);
            log.warn(
                    "{} is not set: using a random key for this process only. Its tokens will not survive a"
                            + " restart and will not work on another gateway instance; set it (at least {} bytes)"
                            + " for production.",
                    property,
                    SecurityProperties.MIN_SECRET_BYTES);
        } else {
            bytes = configured.getBytes(StandardCharsets.UTF_8);
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }
}
