package dev.helpstream.gateway.security;

import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Turns {@link PresentedCredentials} into a {@link CallerAuthentication}, or fails with a {@link
 * BadCredentialsException} whose message is the 401's detail.
 *
 * <p>A bearer JWT is routed by its (unverified) {@code iss}: {@value GatewayTokens#ISSUER} goes to
 * the gateway's own HS256 decoder; any other issuer, when {@code helpstream.security.oidc} is
 * configured, to the external issuer's decoder (asymmetric keys from its JWKS, so neither decoder
 * accepts the other's tokens). Only after the signature and claims are verified is the caller
 * looked up in the current configuration ({@link CallerDirectory}): an agent that no longer exists
 * or is inactive gets a 401 even with an unexpired token.
 */
@Component
class CallerAuthenticationManager implements ReactiveAuthenticationManager {

    private static final Logger log = LoggerFactory.getLogger(CallerAuthenticationManager.class);

    private final GatewayTokens tokens;
    private final CallerDirectory directory;
    private final SecurityProperties.Oidc oidc;
    private final NimbusReactiveJwtDecoder oidcDecoder;

    CallerAuthenticationManager(GatewayTokens tokens, CallerDirectory directory, SecurityProperties properties) {
        this.tokens = tokens;
        this.directory = directory;
        this.oidc = properties.oidc();
        this.oidcDecoder = oidc.enabled() ? oidcDecoder(oidc) : null;
        if (oidcDecoder != null) {
            log.info(
                    "Accepting staff tokens of the OpenID Connect issuer {} (keys {}), agent by claim {}",
                    oidc.issuerUri() == null ? "(any)" : oidc.issuerUri(),
                    SecurityProperties.Oidc.hasText(oidc.jwkSetUri()) ? oidc.jwkSetUri() : "by discovery",
                    oidc.usernameClaim());
        }
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        if (!(authentication instanceof PresentedCredentials presented)) {
            return Mono.empty();
        }
        return switch (presented.type()) {
            case API_KEY ->
                Mono.justOrEmpty(directory.integration(presented.value()))
                        .switchIfEmpty(Mono.error(
                                () -> new BadCredentialsException("The API key is unknown, disabled or expired.")))
                        .map(CallerAuthentication::of);
            case BEARER_TOKEN -> bearer(presented.value());
        };
    }

    private Mono<Authentication> bearer(String token) {
        String issuer;
        try {
            issuer = JWTParser.parse(token).getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            return Mono.error(new BadCredentialsException("The bearer token is not a JWT."));
        }
        if (GatewayTokens.ISSUER.equals(issuer)) {
            return tokens.decodeAccess(token)
                    .onErrorMap(JwtException.class, CallerAuthenticationManager::invalid)
                    .flatMap(jwt -> gatewayCaller(jwt).map(caller -> expiring(caller, jwt)));
        }
        if (oidcDecoder != null) {
            return oidcDecoder
                    .decode(token)
                    .onErrorMap(JwtException.class, CallerAuthenticationManager::invalid)
                    .flatMap(jwt -> oidcCaller(jwt).map(caller -> expiring(caller, jwt)));
        }
        return Mono.error(new BadCredentialsException("The bearer token was not issued by this helpdesk."));
    }

    /** Tokens end: long-lived requests (the live streams) stop when theirs does. */
    private static Authentication expiring(Caller caller, Jwt jwt) {
        return CallerAuthentication.of(caller, jwt.getExpiresAt());
    }

    private Mono<Caller> gatewayCaller(Jwt jwt) {
        String kind = jwt.getClaimAsString(GatewayTokens.KIND_CLAIM);
        if (GatewayTokens.KIND_CUSTOMER.equals(kind)) {
            return Mono.just(CallerDirectory.customer(jwt.getSubject()));
        }
        return Mono.justOrEmpty(directory.staff(jwt.getSubject()))
                .switchIfEmpty(
                        Mono.error(() -> new BadCredentialsException("The agent no longer exists or is inactive.")));
    }

    private Mono<Caller> oidcCaller(Jwt jwt) {
        String login = jwt.getClaimAsString(oidc.usernameClaim());
        return Mono.justOrEmpty(directory.staffByLogin(login))
                .switchIfEmpty(Mono.error(() -> new BadCredentialsException(
                        "No active agent matches the token's " + oidc.usernameClaim() + ".")));
    }

    private static BadCredentialsException invalid(JwtException e) {
        if (e instanceof JwtValidationException validation
                && !validation.getErrors().isEmpty()) {
            String reasons = validation.getErrors().stream()
                    .map(error -> error.getDescription() == null ? error.getErrorCode() : error.getDescription())
                    .collect(Collectors.joining("; "));
            return new BadCredentialsException("The bearer token is not valid: " + reasons, e);
        }
        return new BadCredentialsException("The bearer token is not valid.", e);
    }

    private static NimbusReactiveJwtDecoder oidcDecoder(SecurityProperties.Oidc oidc) {
        NimbusReactiveJwtDecoder.JwkSetUriReactiveJwtDecoderBuilder builder =
                SecurityProperties.Oidc.hasText(oidc.jwkSetUri())
                        ? NimbusReactiveJwtDecoder.withJwkSetUri(oidc.jwkSetUri())
                        : NimbusReactiveJwtDecoder.withIssuerLocation(oidc.issuerUri());
        NimbusReactiveJwtDecoder decoder = builder.jwsAlgorithms(algorithms -> {
                    algorithms.add(SignatureAlgorithm.RS256);
                    algorithms.add(SignatureAlgorithm.ES256);
                })
                .build();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        JwtTimestampValidator timestamps = new JwtTimestampValidator();
        timestamps.setAllowEmptyExpiryClaim(false);
        validators.add(timestamps);
        if (SecurityProperties.Oidc.hasText(oidc.issuerUri())) {
            validators.add(new JwtIssuerValidator(oidc.issuerUri()));
        }
        if (SecurityProperties.Oidc.hasText(oidc.audience())) {
            validators.add(new JwtClaimValidator<List<String>>(
                    "aud", audience -> audience != null && audience.contains(oidc.audience())));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }
}
