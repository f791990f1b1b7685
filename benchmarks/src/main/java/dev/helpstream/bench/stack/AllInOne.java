package dev.helpstream.bench.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The all-in-one launcher ({@code launcher/target/helpstream-launcher.jar}, what {@code start.sh}
 * runs) started as a child process of its own, so that its CPU time and peak RSS are its own and not
 * the load generator's. It runs the embedded broker on a fresh data directory, the demo
 * configuration, every service on free ports, and the notifier's mail relay pointed at the
 * benchmark's mailbox. Its output goes to {@code launcher.log} in the work directory.
 */
public final class AllInOne implements Stack {

    private static final Logger log = LoggerFactory.getLogger(AllInOne.class);

    private final Process process;
    private final Path logFile;
    private final int kafkaPort;
    private final int gatewayPort;
    private final int ingestPort;
    private final int smtpPort;
    private final String jvmOptions;

    private AllInOne(
            Process process,
            Path logFile,
            int kafkaPort,
            int gatewayPort,
            int ingestPort,
            int smtpPort,
            String jvmOptions) {
        this.process = process;
        this.logFile = logFile;
        this.kafkaPort = kafkaPort;
        this.gatewayPort = gatewayPort;
        this.ingestPort = ingestPort;
        this.smtpPort = smtpPort;
        this.jvmOptions = jvmOptions;
    }

    /**
     * Starts the launcher and waits until its health is UP.
     *
     * @param launcherJar the launcher's executable jar
     * @param workDirectory where the broker and the services keep their data, and the log goes
     * @param relayPort the port of the benchmark's SMTP mailbox on 127.0.0.1, where the notifier
     *     delivers
     * @param jvmOptions the child JVM's options, space-separated (by default those of {@code
     *     launcher/jvm.options}, as {@code start.sh} runs it)
     * @param settings extra launcher arguments ({@code --name=value})
     */
    public static AllInOne start(
            Path launcherJar,
            Path workDirectory,
            int relayPort,
            String jvmOptions,
            List<String> settings,
            Duration timeout) {
        if (!Files.isRegularFile(launcherJar)) {
            throw new IllegalStateException(
                    launcherJar + " is missing: build it first (./mvnw -pl launcher -am package)");
        }
        int[] ports = freePorts(8);
        int launcherPort = ports[0];
        int kafkaPort = ports[1];
        int gatewayPort = ports[2];
        int ingestPort = ports[3];
        int smtpPort = ports[7];
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : jvmOptions.trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        command.addAll(List.of(
                "-jar",
                launcherJar.toAbsolutePath().toString(),
                "--server.port=" + launcherPort,
                "--helpstream.kafka.bootstrap-servers=",
                "--helpstream.kafka.embedded.port=" + kafkaPort,
                "--helpstream.data-directory=" + workDirectory.resolve("data").toAbsolutePath(),
                "--helpstream.kafka.embedded.data-directory="
                        + workDirectory.resolve("data/kafka").toAbsolutePath(),
                "--helpstream.services.gateway-port=" + gatewayPort,
                "--helpstream.services.ingest-port=" + ingestPort,
                "--helpstream.services.routing-port=" + ports[4],
                "--helpstream.services.notifier-port=" + ports[5],
                "--helpstream.services.sla-port=" + ports[6],
                "--helpstream.mail.smtp-port=" + smtpPort,
                "--helpstream.mail.relay-host=127.0.0.1",
                "--helpstream.mail.relay-port=" + relayPort,
                "--helpstream.demo=true"));
        command.addAll(settings);
        Path logFile = workDirectory.resolve("launcher.log");
        try {
            Files.createDirectories(workDirectory);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
            AllInOne stack = new AllInOne(process, logFile, kafkaPort, gatewayPort, ingestPort, smtpPort, jvmOptions);
            log.info("Started the all-in-one (pid {}), log in {}", process.pid(), logFile);
            stack.awaitHealthy(URI.create("http://127.0.0.1:" + launcherPort + "/actuator/health"), timeout);
            return stack;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy(URI health, Duration timeout) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the all-in-one exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(health)
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                process.waitFor(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("the all-in-one was not healthy within " + timeout + ":\n" + logTail());
    }

    /** The last lines of the launcher's log, for an error message. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a probe socket
                }
            }
        }
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    @Override
    public URI gateway() {
        return URI.create("http://127.0.0.1:" + gatewayPort);
    }

    @Override
    public URI ingest() {
        return URI.create("http://127.0.0.1:" + ingestPort);
    }

    @Override
    public String smtpHost() {
        return "127.0.0.1";
    }

    @Override
    public int smtpPort() {
        return smtpPort;
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(process.pid());
    }

    @Override
    public String description() {
        return "all-in-one launcher, embedded KRaft broker"
                + (jvmOptions.isBlank() ? ", JVM defaults" : ", JVM options " + jvmOptions.trim());
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        // SIGTERM: the launcher stops the services, then the broker.
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                log.warn("The all-in-one did not stop within 60 s; killing it");
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
