package dev.helpstream.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SecurityPropertiesTest {

    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();
    private static final String LONG_ENOUGH = "0123456789abcdef0123456789abcdef";

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    @Test
    void shouldAcceptBlankSecretsAndSecretsOfAtLeast32Bytes() {
        assertThat(violations(properties(null, "", "http://localhost:8080", null)))
                .isEmpty();
        assertThat(violations(properties(LONG_ENOUGH, LONG_ENOUGH, "https://portal.example.test", null)))
                .isEmpty();
    }

    @Test
    void shouldRefuseShortSecretsARelativePortalUrlAndABadIssuer() {
        assertThat(violations(properties(
                        "short",
                        LONG_ENOUGH.substring(1),
                        "/portal",
                        new SecurityProperties.Oidc("sso", null, "sub", null))))
                .containsExactlyInAnyOrder(
                        "tokenSecretLongEnough: must be at least 32 bytes (or blank for a random one)",
                        "customerLinkSecretLongEnough: must be at least 32 bytes (or blank for a random one)",
                        "portalUrlAbsolute: must be an absolute http(s) URL",
                        "oidc.everyUriAbsolute: must be absolute http(s) URLs");
    }

    @Test
    void shouldTurnOidcOnWhenEitherUriIsSet() {
        assertThat(new SecurityProperties.Oidc(null, " ", "sub", null).enabled())
                .isFalse();
        assertThat(new SecurityProperties.Oidc("https://sso.example.test", null, "sub", null).enabled())
                .isTrue();
        assertThat(new SecurityProperties.Oidc(null, "https://sso.example.test/jwks", "sub", null).enabled())
                .isTrue();
    }

    private static Set<String> violations(SecurityProperties properties) {
        return VALIDATOR.validate(properties).stream()
                .map(SecurityPropertiesTest::describe)
                .collect(Collectors.toSet());
    }

    private static String describe(ConstraintViolation<SecurityProperties> violation) {
        return violation.getPropertyPath() + ": " + violation.getMessage();
    }

    private static SecurityProperties properties(
            String tokenSecret, String linkSecret, String portalUrl, SecurityProperties.Oidc oidc) {
        return new SecurityProperties(
                tokenSecret,
                Duration.ofHours(8),
                linkSecret,
                Duration.ofHours(24),
                Duration.ofDays(7),
                portalUrl,
                5,
                oidc == null ? new SecurityProperties.Oidc(null, null, "preferred_username", null) : oidc);
    }
}
