package dev.helpstream.launcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Prints where everything is once Helpstream is ready. */
@Component
class StartupReport {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    private final KafkaEndpoint endpoint;
    private final TopicProvisioning topics;
    private final ServiceRunner services;
    private final Environment environment;
    private final LauncherProperties properties;
    private final DemoMailSink mailSink;

    StartupReport(
            KafkaEndpoint endpoint,
            TopicProvisioning topics,
            ServiceRunner services,
            Environment environment,
            LauncherProperties properties,
            DemoMailSink mailSink) {
        this.endpoint = endpoint;
        this.topics = topics;
        this.services = services;
        this.environment = environment;
        this.properties = properties;
        this.mailSink = mailSink;
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        String base = "http://localhost:" + environment.getProperty("local.server.port");
        String kafka = endpoint.embedded()
                ? "embedded KRaft broker, data in " + endpoint.embeddedDataDirectory()
                : "external cluster";
        log.info(
                """

                ==================== Helpstream is up ====================
                  Kafka bootstrap servers : {} ({})
                  Topics                  : {} created, {} already there
                  Health                  : {}/actuator/health
                  Metrics (Prometheus)    : {}/actuator/prometheus
                  Services                : {}
                  API docs (Swagger UI)   : {}/swagger-ui.html
                  Demo logins             : {}
                  Mail in (SMTP)          : localhost:{} (support addresses: <department>@helpdesk.test in the demo)
                  Mail out                : {}
                  Stop                    : Ctrl-C
                ==========================================================""",
                endpoint.bootstrapServers(),
                kafka,
                topics.result().created().size(),
                topics.result().existing().size(),
                base,
                base,
                String.join(", ", services.endpoints()),
                services.endpoints().stream()
                        .filter(service -> service.startsWith("api-gateway "))
                        .map(service -> service.substring("api-gateway ".length()))
                        .findFirst()
                        .orElse("(no gateway)"),
                "true".equals(environment.getProperty("helpstream.demo"))
                        ? "agents ana, bea, carl, admin (password demo); API key hs_demo_integrator_key"
                        : "none (demo configuration off)",
                properties.mail().smtpPort(),
                mailSink.running()
                        ? "demo mail sink, read it over IMAP at localhost:" + mailSink.imapPort()
                                + " (user name = the address, any password); SMTP localhost:" + mailSink.smtpPort()
                        : "relay " + properties.mail().relayHost() + ":"
                                + properties.mail().relayPort());
    }
}
