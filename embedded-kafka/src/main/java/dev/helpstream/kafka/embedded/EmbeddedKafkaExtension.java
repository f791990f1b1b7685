package dev.helpstream.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives integration tests a real Kafka cluster as a {@link KafkaCluster}
 * parameter.
 *
 * <p>When the environment variable {@code KAFKA_BOOTSTRAP_SERVERS} is set, tests run against that
 * cluster (replication factor from {@code KAFKA_REPLICATION_FACTOR}, default 1). Otherwise one
 * single-node {@link EmbeddedKafkaCluster} is started for the whole test run of the JVM, on free
 * loopback ports with a temporary data directory, and stopped when the run ends. Tests share it,
 * so each test uses its own topic names or consumer groups.
 */
public final class EmbeddedKafkaExtension implements ParameterResolver {

    static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    static final String REPLICATION_ENV = "KAFKA_REPLICATION_FACTOR";

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public KafkaCluster resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return cluster(extensionContext);
    }

    /** The cluster of this test run, started on first use. */
    public static KafkaCluster cluster(ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.create(EmbeddedKafkaExtension.class))
                .computeIfAbsent(SharedCluster.class, key -> SharedCluster.start(), SharedCluster.class)
                .cluster();
    }

    /** The cluster and, when embedded, the broker to stop at the end of the run. */
    private record SharedCluster(KafkaCluster cluster, EmbeddedKafkaCluster broker, Path dataDirectory)
            implements AutoCloseable {

        static SharedCluster start() {
            String external = System.getenv(BOOTSTRAP_ENV);
            if (external != null && !external.isBlank()) {
                String replication = System.getenv().getOrDefault(REPLICATION_ENV, "1");
                return new SharedCluster(new KafkaCluster(external, false, Short.parseShort(replication)), null, null);
            }
            try {
                Path dataDirectory = Files.createTempDirectory("helpstream-test-kafka");
                EmbeddedKafkaCluster broker = EmbeddedKafkaCluster.builder()
                        .dataDirectory(dataDirectory)
                        .build()
                        .start();
                return new SharedCluster(
                        new KafkaCluster(broker.bootstrapServers(), true, (short) 1), broker, dataDirectory);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not create a data directory for the test broker", e);
            }
        }

        @Override
        public void close() throws IOException {
            if (broker == null) {
                return;
            }
            broker.close();
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
