package dev.helpstream.gateway;

import dev.helpstream.kafka.embedded.EmbeddedKafkaCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A gateway as {@code main} starts it, on a broker of its own in a temporary directory: the
 * gateway reads and may seed the fixed {@code helpdesk.config.v1}, which {@code ApiGatewayIT} needs
 * empty on the shared test broker. The broker starts first, so a test can write topics before the
 * gateway reads them; {@link #close()} stops both and removes the directory.
 */
public final class OwnBrokerGateway implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path dataDirectory;
    private final EmbeddedKafkaCluster broker;
    private ConfigurableApplicationContext gateway;

    private OwnBrokerGateway(Path dataDirectory, EmbeddedKafkaCluster broker) {
        this.dataDirectory = dataDirectory;
        this.broker = broker;
    }

    /** Starts the broker; {@code name} prefixes the temporary directory. */
    public static OwnBrokerGateway withBroker(String name) throws IOException {
        Path dataDirectory = Files.createTempDirectory(name);
        return new OwnBrokerGateway(
                dataDirectory,
                EmbeddedKafkaCluster.builder()
                        .dataDirectory(dataDirectory.resolve("kafka"))
                        .build()
                        .start());
    }

    /** Starts the gateway on the broker: a free port, replication 1, blobs in the directory, then {@code arguments}. */
    public ConfigurableApplicationContext startGateway(String... arguments) {
        List<String> all = new ArrayList<>(List.of(
                "--server.port=0",
                "--helpstream.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--helpstream.topics.replication-factor=1",
                "--helpstream.blobs.directory=" + dataDirectory.resolve("blobs")));
        all.addAll(List.of(arguments));
        gateway = ApiGatewayApplication.builder().run(all.toArray(String[]::new));
        return gateway;
    }

    public EmbeddedKafkaCluster broker() {
        return broker;
    }

    /** A client of the started gateway. */
    public WebTestClient http() {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + gateway.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(TIMEOUT)
                .build();
    }

    @Override
    public void close() throws IOException {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            broker.close();
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
