package dev.helpstream.gateway.security;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated request: the {@link Caller} as principal, with the authorities the URL rules
 * check: {@code ROLE_AGENT}, {@code ROLE_ADMIN}, {@code ROLE_CUSTOMER} or {@code ROLE_INTEGRATION},
 * plus {@code SCOPE_<scope>} for each scope of an API key. Carries no credentials: the token or key
 * it was built from is not kept.
 */
public final class CallerAuthentication extends AbstractAuthenticationToken {

    private final Caller caller;
    private final Instant expiresAt;

    private CallerAuthentication(Caller caller, Instant expiresAt) {
        super(authoritiesOf(caller));
        this.caller = caller;
        this.expiresAt = expiresAt;
        setAuthenticated(true);
    }

    /** The authentication of {@code caller}; tests use it with {@code mockAuthentication}. */
    public static CallerAuthentication of(Caller caller) {
        return new CallerAuthentication(caller, null);
    }

    /** The authentication of {@code caller} by a token that expires at {@code expiresAt}. */
    public static CallerAuthentication of(Caller caller, Instant expiresAt) {
        return new CallerAuthentication(caller, expiresAt);
    }

    /** When the token this request presented expires; empty for API keys, which do not. */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    /** The authorities of a caller: its role, and its scopes as {@code SCOPE_<scope>}. */
    public static List<GrantedAuthority> authoritiesOf(Caller caller) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority("ROLE_" + caller.kind().name()));
        caller.scopes().stream()
                .sorted()
                .map(scope -> new SimpleGrantedAuthority("SCOPE_" + scope))
                .forEach(authorities::add);
        return authorities;
    }

    @Override
    public Caller getPrincipal() {
        return caller;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public String getName() {
        return caller.id();
    }
}
