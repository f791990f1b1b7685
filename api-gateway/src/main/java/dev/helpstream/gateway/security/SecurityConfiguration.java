package dev.helpstream.gateway.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * The gateway's security filter chain: stateless (no session, no CSRF since credentials travel in
 * headers, never in cookies; no form or basic login), one authentication filter for bearer tokens
 * and API keys ({@link CredentialsConverter}, {@link CallerAuthenticationManager}), and the URL
 * rules below. Failures answer {@code application/problem+json}: 401 with {@code WWW-Authenticate:
 * Bearer}, 403 for a caller without the role or scope.
 *
 * <p>URL rules, first match wins:
 *
 * <ul>
 *   <li>anonymous: {@code /api/v1/auth/**} except {@code /api/v1/auth/me}, {@code POST
 *       /api/v1/portal/access-links} and {@code /api/v1/portal/session}, actuator, OpenAPI and
 *       Swagger UI;
 *   <li>{@code /api/v1/admin/**}: {@code ROLE_ADMIN}, or {@code SCOPE_config:read} to read and
 *       {@code SCOPE_config:write} to read or write; the SLA what-if ({@code POST
 *       /api/v1/admin/sla/what-if}) is a read: it changes nothing;
 *   <li>{@code /api/v1/staff/**}: agents, admins and integrations (whose scopes the endpoints
 *       check through {@link TicketAccess});
 *   <li>{@code /api/v1/portal/**}: customers;
 *   <li>anything else under {@code /api/**}: any authenticated caller; outside it: anyone.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    private static final String ADMIN = "ROLE_ADMIN";
    private static final String CONFIG_READ = "SCOPE_" + Caller.SCOPE_CONFIG_READ;
    private static final String CONFIG_WRITE = "SCOPE_" + Caller.SCOPE_CONFIG_WRITE;

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, CallerAuthenticationManager manager) {
        ServerAuthenticationEntryPoint entryPoint = (exchange, e) -> SecurityProblems.write(
                exchange,
                HttpStatus.UNAUTHORIZED,
                e instanceof BadCredentialsException
                        ? e.getMessage()
                        : "Authentication is required: send Authorization: Bearer <token> or an API key.");
        ServerAccessDeniedHandler accessDenied = (exchange, e) -> SecurityProblems.write(
                exchange, HttpStatus.FORBIDDEN, "Your role or scopes do not allow this request.");

        AuthenticationWebFilter authentication = new AuthenticationWebFilter(manager);
        authentication.setServerAuthenticationConverter(new CredentialsConverter());
        authentication.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(entryPoint));
        authentication.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());

        return http.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .addFilterAt(authentication, SecurityWebFiltersOrder.AUTHENTICATION)
                .exceptionHandling(handling ->
                        handling.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied))
                .authorizeExchange(rules -> rules.pathMatchers("/api/v1/auth/me")
                        .authenticated()
                        .pathMatchers("/api/v1/auth/**")
                        .permitAll()
                        .pathMatchers(HttpMethod.POST, "/api/v1/portal/access-links", "/api/v1/portal/session")
                        .permitAll()
                        // Health (status only, details for admins) and info for probes and load balancers;
                        // metrics say how many tickets there are and more: admins and metrics keys.
                        .pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info")
                        .permitAll()
                        .pathMatchers("/actuator/**")
                        .hasAnyAuthority(ADMIN, "SCOPE_" + Caller.SCOPE_METRICS_READ)
                        .pathMatchers(
                                "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**")
                        .permitAll()
                        .pathMatchers(HttpMethod.GET, "/api/v1/admin/**")
                        .hasAnyAuthority(ADMIN, CONFIG_READ, CONFIG_WRITE)
                        .pathMatchers(HttpMethod.HEAD, "/api/v1/admin/**")
                        .hasAnyAuthority(ADMIN, CONFIG_READ, CONFIG_WRITE)
                        .pathMatchers(HttpMethod.POST, "/api/v1/admin/sla/what-if")
                        .hasAnyAuthority(ADMIN, CONFIG_READ, CONFIG_WRITE)
                        .pathMatchers("/api/v1/admin/**")
                        .hasAnyAuthority(ADMIN, CONFIG_WRITE)
                        .pathMatchers("/api/v1/staff/**")
                        .hasAnyAuthority("ROLE_AGENT", ADMIN, "ROLE_INTEGRATION")
                        .pathMatchers("/api/v1/portal/**")
                        .hasAuthority("ROLE_CUSTOMER")
                        .pathMatchers("/api/**")
                        .authenticated()
                        .anyExchange()
                        .permitAll())
                .build();
    }

    /**
     * Checks passwords stored as {@code {bcrypt}$2a$...} or any other {@code {id}} Spring Security
     * knows, and bare {@code $2a$...} BCrypt hashes as the demo configuration stores them.
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        DelegatingPasswordEncoder encoder =
                (DelegatingPasswordEncoder) PasswordEncoderFactories.createDelegatingPasswordEncoder();
        encoder.setDefaultPasswordEncoderForMatches(new BCryptPasswordEncoder());
        return encoder;
    }
}
