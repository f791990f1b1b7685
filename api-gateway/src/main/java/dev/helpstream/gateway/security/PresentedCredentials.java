package dev.helpstream.gateway.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * What a request presented, before it is checked: a bearer JWT or an API key. Never
 * authenticated; {@link CallerAuthenticationManager} turns it into a {@link CallerAuthentication}.
 */
final class PresentedCredentials extends AbstractAuthenticationToken {

    enum Type {
        BEARER_TOKEN,
        API_KEY
    }

    private final Type type;
    private final String value;

    PresentedCredentials(Type type, String value) {
        super(List.of());
        this.type = type;
        this.value = value;
    }

    Type type() {
        return type;
    }

    String value() {
        return value;
    }

    @Override
    public Object getCredentials() {
        return value;
    }

    @Override
    public Object getPrincipal() {
        return type;
    }

    @Override
    public String toString() {
        // Never print the secret.
        return "PresentedCredentials[" + type + "]";
    }
}
