package dev.helpstream.ingest.mail;

import static dev.helpstream.ingest.mail.MailTestSupport.SUPPORT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.ingest.IngestTestSupport;
import dev.helpstream.kafka.embedded.EmbeddedKafkaExtension;
import dev.helpstream.kafka.embedded.KafkaCluster;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.support.content.BlobStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Many mails at once over several SMTP connections, on the real listener and broker: every mail
 * answered {@code 250} is on {@code tickets.inbound.v1} exactly once, with its raw copy kept.
 *
 * <p>It also logs how many mails per second the intake took (never asserted: the project's
 * benchmark measures, tests check behaviour). CI sends a few hundred; {@code
 * -Dhelpstream.smtp-load.mails=2000 -Dhelpstream.smtp-load.connections=8} makes it the focused
 * measurement of the email intake.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class SmtpIntakeLoadIT {

    private static final Logger log = LoggerFactory.getLogger(SmtpIntakeLoadIT.class);
    private static final int MAILS = Integer.getInteger("helpstream.smtp-load.mails", 300);
    private static final int CONNECTIONS = Integer.getInteger("helpstream.smtp-load.connections", 8);
    private static final int ROUNDS = Integer.getInteger("helpstream.smtp-load.rounds", 1);

    @TempDir
    static Path blobs;

    private static ConfigurableApplicationContext app;
    private static KafkaCluster cluster;
    private static int port;

    @BeforeAll
    static void start(KafkaCluster kafka) throws Exception {
        cluster = kafka;
        IngestTestSupport.provisionTopics(kafka);
        IngestTestSupport.writeConfig(kafka, MailTestSupport.supportAddress(SUPPORT, "support"));
        app = IngestTestSupport.start(
                kafka,
                blobs,
                "--helpstream.ingest.mail.smtp.enabled=true",
                "--helpstream.ingest.mail.smtp.host=127.0.0.1",
                "--helpstream.ingest.mail.smtp.port=0");
        port = app.getBean(SmtpListener.class).port();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void shouldWriteEveryAcceptedMailOfManyConnectionsExactlyOnce() throws Exception {
        // Later rounds measure a warm service; every round is checked the same way.
        for (int round = 1; round <= ROUNDS; round++) {
            String run = UUID.randomUUID().toString();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < MAILS; i++) {
                ids.add("load-" + i + "-" + run + "@customer.example.org");
            }
            try (IngestTestSupport.InboundTopic inbound = new IngestTestSupport.InboundTopic(cluster)) {
                long cpuBefore = processCpuNanos();
                long started = System.nanoTime();
                Map<String, String> answers = blast(ids);
                long elapsed = System.nanoTime() - started;
                long cpu = processCpuNanos() - cpuBefore;
                // CPU per mail (this JVM: listener, broker and client) varies less than mails/s
                // on a shared machine.
                log.info(
                        "SMTP intake, round {}: {} mails over {} connections in {} ms: {} mails/s, {} µs CPU per mail",
                        round,
                        MAILS,
                        CONNECTIONS,
                        TimeUnit.NANOSECONDS.toMillis(elapsed),
                        String.format("%.0f", MAILS * 1e9 / elapsed),
                        cpu / 1000 / MAILS);

                assertThat(answers).hasSize(MAILS);
                ids.forEach(id -> assertThat(answers.get(id)).isEqualTo("250 2.0.0 Ok: queued as " + id));
                Map<String, List<InboundMessage>> written = inbound.awaitKeys(ids, Duration.ofSeconds(60));
                assertThat(written.keySet()).containsExactlyInAnyOrderElementsOf(ids);
                BlobStore store = app.getBean(BlobStore.class);
                for (String id : ids) {
                    assertThat(written.get(id)).hasSize(1);
                    InboundMessage message = written.get(id).get(0);
                    assertThat(message.getSubject()).isEqualTo("Load " + id);
                    assertThat(store.find(message.getRawMimeRef())).isPresent();
                }
            }
        }
        MailTestSupport.awaitNoStagingFiles(blobs);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Sends the mails over the connections, each taking the next mail; returns each mail's last answer. */
    private static Map<String, String> blast(List<String> ids) throws Exception {
        Map<String, String> answers = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<?>> connections = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                connections.add(threads.submit(() -> {
                    try (Client smtp = new Client(port)) {
                        smtp.expect(220, smtp.reply());
                        smtp.expect(250, smtp.command("EHLO load.example.org"));
                        for (int i = next.getAndIncrement(); i < ids.size(); i = next.getAndIncrement()) {
                            String id = ids.get(i);
                            answers.put(id, smtp.send(id));
                        }
                        smtp.command("QUIT");
                    }
                    return null;
                }));
            }
            for (Future<?> connection : connections) {
                connection.get(2, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
        return answers;
    }

    /** A plain-text mail of about 1 KB, as a short support mail is. */
    private static byte[] mail(String messageId) {
        StringBuilder mail = new StringBuilder(1400)
                .append("Date: Tue, 3 Mar 2026 09:00:00 +0000\r\n")
                .append("From: Customer <customer@customer.example.org>\r\n")
                .append("To: ")
                .append(SUPPORT)
                .append("\r\n")
                .append("Subject: Load ")
                .append(messageId)
                .append("\r\n")
                .append("Message-ID: <")
                .append(messageId)
                .append(">\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=UTF-8\r\n")
                .append("Content-Transfer-Encoding: 7bit\r\n\r\n")
                .append("Our site has answered with errors since this morning.\r\n\r\n");
        while (mail.length() < 1200) {
            mail.append("The logs show timeouts on every request to the shop's checkout page.\r\n");
        }
        return mail.append("\r\nThanks,\r\nA customer\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** One SMTP client connection over a plain socket: one command, one reply. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Client(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = new BufferedOutputStream(socket.getOutputStream());
        }

        /** Sends one mail (no line starts with a dot) and returns the answer to its end. */
        String send(String messageId) throws IOException {
            expect(250, command("MAIL FROM:<customer@customer.example.org>"));
            expect(250, command("RCPT TO:<" + SUPPORT + ">"));
            expect(354, command("DATA"));
            out.write(mail(messageId));
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return reply();
        }

        String command(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return reply();
        }

        /** The reply's last line (a multi-line reply's others are skipped). */
        String reply() throws IOException {
            while (true) {
                String line = line();
                if (line.length() < 4 || line.charAt(3) != '-') {
                    return line;
                }
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b == -1) {
                    throw new EOFException("The listener closed the connection");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        void expect(int code, String reply) throws IOException {
            if (!reply.startsWith(code + " ")) {
                throw new IOException("Expected " + code + ", got '" + reply + "'");
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
