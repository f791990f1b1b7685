package dev.helpstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.kafka.embedded.EmbeddedKafkaCluster;
import dev.helpstream.kafka.embedded.EmbeddedKafkaExtension;
import dev.helpstream.kafka.embedded.KafkaCluster;
import dev.helpstream.schema.topic.Topics;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** With KAFKA_BOOTSTRAP_SERVERS set, the launcher uses that cluster and starts no broker of its own. */
@ExtendWith(EmbeddedKafkaExtension.class)
class LauncherWithExternalKafkaIT {

    @TempDir
    Path dataDirectory;

    @Test
    void shouldUseTheGivenClusterInsteadOfStartingOne(KafkaCluster cluster) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(HelpstreamLauncher.class)
                .run(
                        "--server.port=0",
                        "--helpstream.services.routing-port=0",
                        "--helpstream.services.ingest-port=0",
                        "--helpstream.services.gateway-port=0",
                        "--helpstream.services.notifier-port=0",
                        "--helpstream.services.sla-port=0",
                        "--helpstream.mail.smtp-port=0",
                        "--helpstream.mail.sink.smtp-port=0",
                        "--helpstream.mail.sink.imap-port=0",
                        // The cluster may be shared with other modules' tests: leave its config topic alone.
                        "--helpstream.demo=false",
                        "--helpstream.data-directory=" + dataDirectory,
                        "--helpstream.kafka.bootstrap-servers=" + cluster.bootstrapServers())) {

            assertThat(context.getBeanProvider(EmbeddedKafkaCluster.class).getIfAvailable())
                    .isNull();
            assertThat(context.getBean(KafkaEndpoint.class).bootstrapServers()).isEqualTo(cluster.bootstrapServers());
            assertThat(context.getBean(TopicProvisioning.class)
                                    .result()
                                    .existing()
                                    .size()
                            + context.getBean(TopicProvisioning.class)
                                    .result()
                                    .created()
                                    .size())
                    .isEqualTo(Topics.all().size());
            LauncherIT.client(context)
                    .get()
                    .uri("/actuator/health")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.components.kafka.status")
                    .isEqualTo("UP")
                    .jsonPath("$.components.kafka.details.embedded")
                    .isEqualTo(false);
        }
    }
}
