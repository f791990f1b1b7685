package dev.helpstream.launcher;

import dev.helpstream.gateway.ApiGatewayApplication;
import dev.helpstream.ingest.IngestServiceApplication;
import dev.helpstream.notifier.NotifierServiceApplication;
import dev.helpstream.routing.RoutingStreamApplication;
import dev.helpstream.sla.SlaStreamApplication;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Runs every Helpstream service inside the launcher's JVM, each as its own Spring Boot application
 * (own configuration file, own port), against the launcher's Kafka cluster. Services start after the
 * topics exist and stop before the embedded broker does.
 *
 * <p>The gateway starts first: it is the config topic's writer and seeds the demo configuration
 * there, and the services after it read that topic to its end before they serve.
 */
@Component
class ServiceRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

    private final KafkaEndpoint endpoint;
    private final LauncherProperties properties;
    private final DemoMailSink mailSink;
    private final String withoutWebSecurity;
    private final List<Running> running = new ArrayList<>();

    /**
     * @param environment the launcher's: the gateway brings Spring Security onto the one classpath
     *     the launcher shares, and the launcher's {@code spring.autoconfigure.exclude} (its
     *     application.yml) leaves Spring Boot's default security out; routing-stream and
     *     ingest-service get the same exclusions, so that they are as open as when they run alone
     *     (ingest checks its own API keys).
     */
    ServiceRunner(
            KafkaEndpoint endpoint, LauncherProperties properties, DemoMailSink mailSink, Environment environment) {
        this.withoutWebSecurity = "--spring.autoconfigure.exclude="
                + String.join(
                        ",",
                        Binder.get(environment)
                                .bind("spring.autoconfigure.exclude", Bindable.listOf(String.class))
                                .orElse(List.of()));
        this.endpoint = endpoint;
        this.properties = properties;
        this.mailSink = mailSink;
    }

    /** The services this launcher runs, in start order, each with the settings only it reads. */
    List<Service> services() {
        Path data = properties.dataDirectory().toAbsolutePath();
        LauncherProperties.Mail mail = properties.mail();
        return List.of(
                new Service(
                        "api-gateway",
                        properties.services().gatewayPort(),
                        ApiGatewayApplication::builder,
                        // Always explicit, so that the launcher's setting wins over an inherited HELPSTREAM_DEMO.
                        List.of(
                                "--helpstream.demo.enabled=" + properties.demo(),
                                // The gateway serves the attachments the intake channels stored.
                                "--helpstream.blobs.directory=" + data.resolve("blobs"),
                                "--helpstream.views.directory=" + data.resolve("gateway-views"))),
                new Service(
                        "routing-stream",
                        properties.services().routingPort(),
                        RoutingStreamApplication::builder,
                        List.of("--helpstream.streams.state-directory=" + data.resolve("streams"), withoutWebSecurity)),
                new Service(
                        "ingest-service",
                        properties.services().ingestPort(),
                        IngestServiceApplication::builder,
                        List.of(
                                "--helpstream.blobs.directory=" + data.resolve("blobs"),
                                "--helpstream.ingest.mail.smtp.enabled=true",
                                "--helpstream.ingest.mail.smtp.port=" + mail.smtpPort(),
                                withoutWebSecurity)),
                new Service(
                        "notifier-service",
                        properties.services().notifierPort(),
                        NotifierServiceApplication::builder,
                        List.of(
                                // The notifier attaches the files of staff replies.
                                "--helpstream.blobs.directory=" + data.resolve("blobs"),
                                "--helpstream.streams.state-directory=" + data.resolve("notifier-streams"),
                                "--helpstream.delivery.smtp.host="
                                        + (mailSink.running() ? "127.0.0.1" : mail.relayHost()),
                                "--helpstream.delivery.smtp.port="
                                        + (mailSink.running() ? mailSink.smtpPort() : mail.relayPort()),
                                withoutWebSecurity)),
                new Service(
                        "sla-stream",
                        properties.services().slaPort(),
                        SlaStreamApplication::builder,
                        List.of(
                                "--helpstream.streams.state-directory=" + data.resolve("sla-streams"),
                                withoutWebSecurity)));
    }

    @Override
    public synchronized void start() {
        for (Service service : services()) {
            log.info("Starting {} on port {}", service.name(), service.port());
            List<String> args = new ArrayList<>(List.of(
                    "--server.port=" + service.port(),
                    "--helpstream.kafka.bootstrap-servers=" + endpoint.bootstrapServers(),
                    "--helpstream.topics.replication-factor=" + endpoint.replicationFactor(),
                    "--helpstream.topics.partitions=" + properties.topics().partitions()));
            args.addAll(service.arguments());
            ConfigurableApplicationContext context = service.builder()
                    .get()
                    // The launcher closes the services itself, before the broker stops.
                    .registerShutdownHook(false)
                    .run(args.toArray(String[]::new));
            running.add(new Running(service, context));
        }
    }

    @Override
    public synchronized void stop() {
        for (int i = running.size() - 1; i >= 0; i--) {
            Running service = running.get(i);
            log.info("Stopping {}", service.service().name());
            service.context().close();
        }
        running.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return !running.isEmpty();
    }

    /** The HTTP port each running service actually listens on. */
    synchronized List<String> endpoints() {
        return running.stream()
                .map(service -> service.service().name() + " http://localhost:"
                        + service.context().getEnvironment().getProperty("local.server.port"))
                .toList();
    }

    /** A service the launcher runs. */
    record Service(String name, int port, Supplier<SpringApplicationBuilder> builder, List<String> arguments) {}

    private record Running(Service service, ConfigurableApplicationContext context) {}
}
