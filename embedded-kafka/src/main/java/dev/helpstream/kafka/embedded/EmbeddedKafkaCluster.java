package dev.helpstream.kafka.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka cluster in KRaft mode, started inside this JVM from the Apache Kafka jars.
 *
 * <p>Each node runs the combined broker and controller roles, bound to loopback. A node's log
 * directory lives under {@code <dataDirectory>/node-<id>} and is formatted only the first time, so
 * a later start on the same folder finds every topic and record of the earlier one. The cluster id
 * is kept in {@code <dataDirectory>/cluster.id} so all nodes of a cluster share it across starts.
 *
 * <p>One node is the default (the all-in-one start and the integration tests); three nodes give a
 * real quorum with replication factor 3 and {@code min.insync.replicas=2} for fault tests, where
 * {@link #stopNode(int)} and {@link #startNode(int)} take a node down and bring it back.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
    private static final String LOOPBACK = "127.0.0.1";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private final Path dataDirectory;
    private final int nodeCount;
    private final Map<String, String> overrides;
    private final Map<Integer, Integer> brokerPorts = new LinkedHashMap<>();
    private final Map<Integer, Integer> controllerPorts = new LinkedHashMap<>();
    // Written by the start threads while start() holds this object's monitor.
    private final Map<Integer, KafkaRaftServer> running = new ConcurrentSkipListMap<>();
    private String clusterId;

    private EmbeddedKafkaCluster(Builder builder) {
        this.dataDirectory = builder.dataDirectory.toAbsolutePath().normalize();
        this.nodeCount = builder.nodeCount;
        this.overrides = Map.copyOf(builder.overrides);
        for (int node = 1; node <= nodeCount; node++) {
            int requested = builder.brokerPort == 0 ? 0 : builder.brokerPort + node - 1;
            brokerPorts.put(node, requested == 0 ? freePort() : requested);
            controllerPorts.put(node, freePort());
        }
    }

    /** A builder for a single-node cluster on any free port, with data under {@code ./data/kafka}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the nodes' storage where it is new and starts every node; returns once all of them
     * are registered and the cluster answers metadata requests.
     */
    public synchronized EmbeddedKafkaCluster start() {
        clusterId = readOrCreateClusterId();
        List<Runnable> startups = new ArrayList<>();
        for (int node = 1; node <= nodeCount; node++) {
            int id = node;
            startups.add(() -> startNodeInternal(id));
        }
        try {
            // Controllers of a multi-node quorum wait for each other, so nodes start concurrently.
            runConcurrently(startups, "start");
            awaitBrokers(nodeCount);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info(
                "Kafka cluster {} is up: {} node(s), bootstrap servers {}, data in {}",
                clusterId,
                nodeCount,
                bootstrapServers(),
                dataDirectory);
        return this;
    }

    /** The comma-separated {@code host:port} list of the running nodes' client listeners. */
    public synchronized String bootstrapServers() {
        return running.keySet().stream()
                .map(node -> LOOPBACK + ":" + brokerPorts.get(node))
                .collect(Collectors.joining(","));
    }

    /** The cluster id, stable across restarts on the same data directory. */
    public synchronized String clusterId() {
        return clusterId;
    }

    public int nodeCount() {
        return nodeCount;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Client properties that reach this cluster. */
    public Map<String, Object> clientProperties() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    /** Stops one node (as a broker crash would, but with a clean shutdown of its files). */
    public synchronized void stopNode(int nodeId) {
        KafkaRaftServer server = running.remove(nodeId);
        if (server == null) {
            throw new IllegalStateException("node " + nodeId + " is not running");
        }
        server.shutdown();
        server.awaitShutdown();
        log.info("Kafka node {} stopped", nodeId);
    }

    /** Starts a node stopped by {@link #stopNode(int)} again, on the same ports and storage. */
    public synchronized void startNode(int nodeId) {
        if (running.containsKey(nodeId)) {
            throw new IllegalStateException("node " + nodeId + " is already running");
        }
        startNodeInternal(nodeId);
    }

    /** The ids of the nodes that are running now. */
    public synchronized List<Integer> runningNodes() {
        return List.copyOf(running.keySet());
    }

    @Override
    public synchronized void close() {
        List<Runnable> shutdowns = new ArrayList<>();
        for (KafkaRaftServer server : running.values()) {
            // In a multi-node quorum a sequential shutdown would leave the last nodes without a
            // controller majority; stopping all at once avoids waiting on controlled shutdown.
            shutdowns.add(() -> {
                server.shutdown();
                server.awaitShutdown();
            });
        }
        running.clear();
        runConcurrently(shutdowns, "stop");
        log.info("Kafka cluster {} stopped", clusterId);
    }

    private void startNodeInternal(int nodeId) {
        Path logDir = dataDirectory.resolve("node-" + nodeId);
        KafkaConfig config = KafkaConfig.fromProps(nodeProperties(nodeId, logDir), false);
        formatIfNew(nodeId, logDir);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        running.put(nodeId, server);
    }

    private Properties nodeProperties(int nodeId, Path logDir) {
        int replication = Math.min(nodeCount, 3);
        int minIsr = replication >= 3 ? 2 : 1;
        String voters = controllerPorts.entrySet().stream()
                .map(e -> e.getKey() + "@" + LOOPBACK + ":" + e.getValue())
                .collect(Collectors.joining(","));
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(nodeId));
        props.put("controller.quorum.voters", voters);
        props.put(
                "listeners",
                "PLAINTEXT://" + LOOPBACK + ":" + brokerPorts.get(nodeId) + "," + CONTROLLER_LISTENER + "://" + LOOPBACK
                        + ":" + controllerPorts.get(nodeId));
        props.put("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + brokerPorts.get(nodeId));
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", "1");
        props.put("default.replication.factor", Integer.toString(replication));
        props.put("min.insync.replicas", Integer.toString(minIsr));
        props.put("offsets.topic.replication.factor", Integer.toString(replication));
        props.put("offsets.topic.num.partitions", "10");
        // exactly_once_v2 needs a transaction log the cluster can actually replicate.
        props.put("transaction.state.log.replication.factor", Integer.toString(replication));
        props.put("transaction.state.log.min.isr", Integer.toString(minIsr));
        props.put("transaction.state.log.num.partitions", "10");
        props.put("share.coordinator.state.topic.replication.factor", Integer.toString(replication));
        props.put("share.coordinator.state.topic.min.isr", Integer.toString(minIsr));
        // Every Kafka Streams start would otherwise wait 3 s for more members to join.
        props.put("group.initial.rebalance.delay.ms", "0");
        props.putAll(overrides);
        return props;
    }

    private void formatIfNew(int nodeId, Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(new PrintStream(new LogOutputStream(), true, StandardCharsets.UTF_8))
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format Kafka storage in " + logDir, e);
        }
    }

    private String readOrCreateClusterId() {
        Path file = dataDirectory.resolve("cluster.id");
        try {
            Files.createDirectories(dataDirectory);
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            String id = Uuid.randomUuid().toString();
            Files.writeString(file, id, StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not keep the cluster id in " + file, e);
        }
    }

    private void awaitBrokers(int expected) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                int seen;
                try {
                    seen = admin.describeCluster()
                            .nodes()
                            .get(5, TimeUnit.SECONDS)
                            .size();
                } catch (ExecutionException | TimeoutException e) {
                    seen = 0;
                }
                if (seen >= expected) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "Kafka cluster did not register " + expected + " brokers within " + STARTUP_TIMEOUT);
                }
                // Polling with a bounded wait: registration is asynchronous inside the broker.
                TimeUnit.MILLISECONDS.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Kafka cluster", e);
        }
    }

    /** Runs each task on a thread of its own (the common pool may have a single thread). */
    private static void runConcurrently(List<Runnable> tasks, String action) {
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, tasks.size()), runnable -> {
            Thread thread = new Thread(runnable, "embedded-kafka-" + action);
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<Void>> futures = tasks.stream()
                    .map(task -> CompletableFuture.runAsync(task, executor))
                    .toList();
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during Kafka " + action, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Kafka " + action + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka " + action + " did not finish within " + STARTUP_TIMEOUT, e);
        } finally {
            executor.shutdownNow();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on loopback", e);
        }
    }

    /** Sends the storage formatter's console output to the log instead of standard out. */
    private static final class LogOutputStream extends OutputStream {
        private final StringBuilder line = new StringBuilder();

        @Override
        public void write(int b) {
            if (b == '\n') {
                log.debug("{}", line);
                line.setLength(0);
            } else {
                line.append((char) b);
            }
        }
    }

    /** Settings of an {@link EmbeddedKafkaCluster}. */
    public static final class Builder {
        private Path dataDirectory = Path.of("data", "kafka");
        private int nodeCount = 1;
        private int brokerPort;
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder() {}

        /** Where the nodes keep their logs; reused by a later start on the same folder. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
            return this;
        }

        /** 1 (default) or 3 nodes. */
        public Builder nodes(int nodeCount) {
            if (nodeCount != 1 && nodeCount != 3) {
                throw new IllegalArgumentException("nodes must be 1 or 3, was " + nodeCount);
            }
            this.nodeCount = nodeCount;
            return this;
        }

        /** The first node's client port (the next nodes take the following ports); 0 picks free ports. */
        public Builder brokerPort(int brokerPort) {
            if (brokerPort < 0 || brokerPort > 65535) {
                throw new IllegalArgumentException("brokerPort must be 0..65535, was " + brokerPort);
            }
            this.brokerPort = brokerPort;
            return this;
        }

        /** A broker setting applied to every node, over the defaults. */
        public Builder brokerProperty(String name, String value) {
            overrides.put(name, value);
            return this;
        }

        public EmbeddedKafkaCluster build() {
            return new EmbeddedKafkaCluster(this);
        }
    }
}
