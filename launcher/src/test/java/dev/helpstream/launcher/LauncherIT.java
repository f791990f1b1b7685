package dev.helpstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.helpstream.kafka.embedded.EmbeddedKafkaCluster;
import dev.helpstream.schema.topic.Topic;
import dev.helpstream.schema.topic.TopicProvisioner;
import dev.helpstream.schema.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Starts the launcher as the README's quick start does: embedded broker, topics, actuator. */
class LauncherIT {

    @TempDir
    Path dataDirectory;

    @Test
    void shouldStartTheEmbeddedBrokerProvisionTopicsAndReportHealthUp() throws Exception {
        try (ConfigurableApplicationContext context = start()) {
            WebTestClient http = client(context);

            http.get()
                    .uri("/actuator/health")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo("UP")
                    .jsonPath("$.components.kafka.status")
                    .isEqualTo("UP")
                    .jsonPath("$.components.kafka.details.brokers")
                    .isEqualTo(1)
                    .jsonPath("$.components.kafka.details.embedded")
                    .isEqualTo(true);
            http.get()
                    .uri("/actuator/prometheus")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .value(body -> assertThat(body).contains("jvm_memory_used_bytes{application=\"helpstream\""));

            String bootstrap = context.getBean(EmbeddedKafkaCluster.class).bootstrapServers();
            try (Admin admin = Admin.create(java.util.Map.of("bootstrap.servers", bootstrap))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .containsAll(Topics.all().stream().map(Topic::name).toList());
            }
            assertThat(context.getBean(TopicProvisioning.class).result().created())
                    .hasSize(Topics.all().size());

            List<String> services = context.getBean(ServiceRunner.class).endpoints();
            assertThat(services).hasSize(5);
            assertThat(services.get(0)).startsWith("api-gateway http://localhost:");
            assertThat(services.get(1)).startsWith("routing-stream http://localhost:");
            assertThat(services.get(2)).startsWith("ingest-service http://localhost:");
            assertThat(services.get(3)).startsWith("notifier-service http://localhost:");
            assertThat(services.get(4)).startsWith("sla-stream http://localhost:");
            WebTestClient.bindToServer()
                    .baseUrl(services.get(0).substring("api-gateway ".length()))
                    .build()
                    .get()
                    .uri("/actuator/health")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo("UP")
                    // The gateway shows its health details to admins only.
                    .jsonPath("$.components")
                    .doesNotExist();
            WebTestClient.bindToServer()
                    .baseUrl(services.get(1).substring("routing-stream ".length()))
                    .build()
                    .get()
                    .uri("/actuator/health")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.components.streams.status")
                    .isEqualTo("UP");
            WebTestClient.bindToServer()
                    .baseUrl(services.get(2).substring("ingest-service ".length()))
                    .build()
                    .get()
                    .uri("/actuator/health")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo("UP");
            WebTestClient.bindToServer()
                    .baseUrl(services.get(3).substring("notifier-service ".length()))
                    .build()
                    .get()
                    .uri("/actuator/health")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo("UP");
            WebTestClient.bindToServer()
                    .baseUrl(services.get(4).substring("sla-stream ".length()))
                    .build()
                    .get()
                    .uri("/actuator/health")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.components.streams.status")
                    .isEqualTo("UP");
        }
    }

    @Test
    void shouldFindTheTopicsOfTheEarlierStartAfterARestart() {
        String clusterId;
        List<String> demoConfig;
        try (ConfigurableApplicationContext first = start()) {
            clusterId = first.getBean(EmbeddedKafkaCluster.class).clusterId();
            demoConfig = configKeys(first);
        }
        assertThat(demoConfig).contains("HELPDESK_SETTINGS:helpdesk", "API_KEY:demo-integrator");

        try (ConfigurableApplicationContext second = start()) {
            TopicProvisioner.Result result =
                    second.getBean(TopicProvisioning.class).result();
            assertThat(result.created()).isEmpty();
            assertThat(result.existing()).hasSize(Topics.all().size());
            assertThat(second.getBean(EmbeddedKafkaCluster.class).clusterId()).isEqualTo(clusterId);
            // The gateway seeds the demo configuration only into an empty config topic.
            assertThat(configKeys(second)).isEqualTo(demoConfig);
        }
    }

    /** The keys of every committed record on the config topic, in offset order. */
    private static List<String> configKeys(ConfigurableApplicationContext launcher) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                launcher.getBean(EmbeddedKafkaCluster.class).bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(Topics.CONFIG.name(), 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long end = consumer.endOffsets(partitions).get(partitions.get(0));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> keys.add(record.key()));
                return consumer.position(partitions.get(0)) >= end;
            });
        }
        return keys;
    }

    private ConfigurableApplicationContext start() {
        return TestLauncher.start(dataDirectory);
    }

    static WebTestClient client(ConfigurableApplicationContext context) {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
                .build();
    }
}
