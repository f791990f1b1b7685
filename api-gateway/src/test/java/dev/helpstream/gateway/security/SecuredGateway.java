package dev.helpstream.gateway.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.helpstream.gateway.ApiGatewayApplication;
import dev.helpstream.gateway.ConfigView;
import dev.helpstream.kafka.embedded.EmbeddedKafkaCluster;
import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.ApiKey;
import dev.helpstream.schema.ids.ConfigKeys;
import dev.helpstream.schema.topic.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A gateway as {@code main} starts it, with the demo configuration, for the security tests: on a
 * broker of its own (the gateway reads the fixed {@code helpdesk.config.v1}, which {@code
 * ApiGatewayIT} needs empty on the shared test broker), with an OpenID Connect issuer whose JWKS a
 * real local HTTP server publishes, and with probe endpoints in every protected area that answer
 * who the caller is ({@code kind:id}) until the real controllers exist.
 */
final class SecuredGateway implements AutoCloseable {

    static final String TOKEN_SECRET = "test-token-secret-of-at-least-32-bytes!";
    static final String LINK_SECRET = "test-link-secret-of-at-least-32-bytes!!";
    static final String OIDC_ISSUER = "https://sso.example.test/realms/helpdesk";
    static final String PORTAL = "https://portal.example.test";
    static final String DEMO_PASSWORD = "demo";
    static final String DEMO_API_KEY = "hs_demo_integrator_key";
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path dataDirectory;
    private final EmbeddedKafkaCluster broker;
    private final HttpServer jwks;
    private final RSAKey issuerKey;
    private final ConfigurableApplicationContext context;
    private final Producer<String, ConfigEntity> configProducer;

    private SecuredGateway() throws Exception {
        dataDirectory = Files.createTempDirectory("helpstream-security-it");
        broker = EmbeddedKafkaCluster.builder()
                .dataDirectory(dataDirectory)
                .build()
                .start();
        issuerKey = new RSAKeyGenerator(2048).keyID("issuer-key").generate();
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] keys = new JWKSet(issuerKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(keys);
            }
        });
        jwks.start();
        context = ApiGatewayApplication.builder()
                .initializers((GenericApplicationContext app) ->
                        app.registerBean("securityProbe", RouterFunction.class, SecuredGateway::probe))
                .run(
                        "--server.port=0",
                        "--helpstream.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                        "--helpstream.topics.replication-factor=1",
                        "--helpstream.demo.enabled=true",
                        "--helpstream.security.token-secret=" + TOKEN_SECRET,
                        "--helpstream.security.customer-link-secret=" + LINK_SECRET,
                        "--helpstream.security.portal-url=" + PORTAL,
                        "--helpstream.security.oidc.issuer-uri=" + OIDC_ISSUER,
                        "--helpstream.security.oidc.jwk-set-uri=http://127.0.0.1:"
                                + jwks.getAddress().getPort() + "/jwks");
        configProducer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                Topics.CONFIG.keySerde().serializer(),
                Topics.CONFIG.valueSerde().serializer());
    }

    static SecuredGateway start() throws Exception {
        return new SecuredGateway();
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    WebTestClient http() {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(TIMEOUT)
                .build();
    }

    /** Writes config entities as the admin API will, and waits until the gateway sees them. */
    void writeConfig(Predicate<ConfigView> applied, ConfigEntity... entities) throws Exception {
        for (ConfigEntity entity : entities) {
            configProducer
                    .send(new ProducerRecord<>(
                            Topics.CONFIG.name(), ConfigKeys.key(entity.getEntityType(), entity.getId()), entity))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        ConfigView view = context.getBean(ConfigView.class);
        Awaitility.await().atMost(TIMEOUT).until(() -> applied.test(view));
    }

    static ConfigEntity entity(ConfigEntityType type, String id, Object payload) {
        return ConfigEntity.newBuilder()
                .setEntityType(type)
                .setId(id)
                .setRevision(1)
                .setUpdatedAt(Instant.now())
                .setUpdatedBy(new Actor(ActorKind.SYSTEM, "security-it", null, null))
                .setPayload(payload)
                .build();
    }

    static Agent agent(String username, boolean active, String passwordHash, List<String> departments) {
        return Agent.newBuilder()
                .setUsername(username)
                .setDisplayName(username.toUpperCase())
                .setEmail(username + "@helpdesk.test")
                .setDepartmentIds(departments)
                .setPasswordHash(passwordHash)
                .setActive(active)
                .build();
    }

    static ApiKey apiKey(String secret, boolean enabled, Instant expiresAt, String... scopes) {
        return ApiKey.newBuilder()
                .setName("Key " + secret)
                .setKeyHash(CallerDirectory.sha256Hex(secret))
                .setScopes(List.of(scopes))
                .setEnabled(enabled)
                .setExpiresAt(expiresAt)
                .build();
    }

    /** A fast BCrypt hash (cost 4) of {@code password}; the gateway checks any cost. */
    static String bcrypt(String password) {
        return new BCryptPasswordEncoder(4).encode(password);
    }

    /** A token of the test's OpenID Connect issuer, or of any other issuer and key. */
    String oidcToken(String issuer, String username, Instant expiresAt) throws JOSEException {
        return signed(issuerKey, issuer, username, expiresAt);
    }

    static String signed(RSAKey key, String issuer, String username, Instant expiresAt) throws JOSEException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(UUID.randomUUID().toString())
                .claim("preferred_username", username)
                .issueTime(Date.from(expiresAt.minus(Duration.ofHours(1))))
                .expirationTime(Date.from(expiresAt))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Override
    public void close() throws IOException {
        try {
            configProducer.close(Duration.ofSeconds(5));
            context.close();
            jwks.stop(0);
        } finally {
            broker.close();
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static RouterFunction<ServerResponse> probe() {
        return RouterFunctions.route()
                .GET("/api/v1/staff/probe/stream", SecuredGateway::stream)
                .GET("/api/v1/staff/probe", SecuredGateway::whoIsCalling)
                .GET("/api/v1/admin/probe", SecuredGateway::whoIsCalling)
                .POST("/api/v1/admin/probe", SecuredGateway::whoIsCalling)
                .GET("/api/v1/portal/probe", SecuredGateway::whoIsCalling)
                .GET("/api/v1/elsewhere/probe", SecuredGateway::whoIsCalling)
                .GET("/probe", SecuredGateway::whoIsCalling)
                .build();
    }

    private static Mono<ServerResponse> whoIsCalling(ServerRequest request) {
        return caller(request)
                .flatMap(caller ->
                        ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).bodyValue(caller));
    }

    private static Mono<ServerResponse> stream(ServerRequest request) {
        return caller(request)
                .flatMap(caller -> ServerResponse.ok()
                        .contentType(MediaType.TEXT_EVENT_STREAM)
                        .body(Flux.just(ServerSentEvent.builder(caller).build()), ServerSentEvent.class));
    }

    private static Mono<String> caller(ServerRequest request) {
        return request.principal()
                .cast(Authentication.class)
                .map(authentication -> (Caller) authentication.getPrincipal())
                .map(caller -> caller.kind() + ":" + caller.id())
                .defaultIfEmpty("anonymous");
    }
}
