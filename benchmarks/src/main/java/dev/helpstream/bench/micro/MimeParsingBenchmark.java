package dev.helpstream.bench.micro;

import dev.helpstream.schema.InboundMessage;
import dev.helpstream.support.content.FileSystemBlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throughput of the ingest service's MIME parsing ({@link IngestMailParser}): one stored mail read
 * into the inbound message the email intake writes, for the three {@link SampleMails} (plain text,
 * text and HTML alternatives, a reply with quoted history and a 50 KB PNG).
 *
 * <p>How: the mails are written once in {@link #setUp}, kept by the intake's raw mail store in a
 * real {@link FileSystemBlobStore} on a temporary folder, and each invocation parses one of them
 * from there, as the SMTP listener hands a received mail to the parser. What is measured is
 * therefore the parser's whole work: reading the file, MIME structure, header decoding, HTML
 * sanitizing, reply splitting and, for the reply, hashing, checking and storing the attachment
 * (its blob exists after the first run, so the store only discards the staged copy, as it does for
 * a mail received twice).
 *
 * <p>Jakarta Mail 2.1 looks its stream provider up with a {@link java.util.ServiceLoader} scan of
 * the class path on every header block and every decoded part (jakartaee/mail-api#861), unless
 * the system property {@code jakarta.mail.util.StreamProvider} names the provider; the benchmark
 * runs as the service does, and adding {@code -jvmArgsAppend
 * -Djakarta.mail.util.StreamProvider=org.eclipse.angus.mail.util.MailStreamProvider} to the JMH
 * command shows what that lookup costs.
 *
 * <p>Invariant: the temporary folder is removed in {@link #tearDown}. Run: {@code java -cp
 * benchmarks/target/helpstream-benchmarks.jar org.openjdk.jmh.Main MimeParsingBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class MimeParsingBenchmark {

    private static final Logger log = LoggerFactory.getLogger(MimeParsingBenchmark.class);

    Path blobs;
    IngestMailParser parser;
    IngestMailParser.ReceivedMail plainText;
    IngestMailParser.ReceivedMail alternative;
    IngestMailParser.ReceivedMail replyWithAttachment;

    @Setup
    public void setUp() throws IOException {
        blobs = Files.createTempDirectory("helpstream-mime-bench");
        try {
            parser = new IngestMailParser(new FileSystemBlobStore(blobs));
            plainText = receive("plain text", SampleMails.plainText());
            alternative = receive("multipart/alternative", SampleMails.alternative());
            replyWithAttachment = receive("reply with attachment", SampleMails.replyWithAttachment());
        } catch (IOException | RuntimeException failed) {
            // JMH skips the tear-down of a state that failed to set up: leave no folder behind.
            tearDown();
            throw failed;
        }
    }

    private IngestMailParser.ReceivedMail receive(String kind, byte[] mail) throws IOException {
        log.info("{} mail: {} bytes", kind, mail.length);
        return parser.receive(mail, SampleMails.CUSTOMER, SampleMails.SUPPORT, SampleMails.SENT.plusSeconds(2));
    }

    @TearDown
    public void tearDown() {
        if (blobs == null || !Files.exists(blobs)) {
            return;
        }
        try (Stream<Path> files = Files.walk(blobs)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the benchmark's blob store " + blobs, e);
        }
    }

    @Benchmark
    public InboundMessage parsePlainTextMail() {
        return parser.parse(plainText);
    }

    @Benchmark
    public InboundMessage parseAlternativeTextAndHtmlMail() {
        return parser.parse(alternative);
    }

    @Benchmark
    public InboundMessage parseReplyWithQuotedHistoryAndAttachment() {
        return parser.parse(replyWithAttachment);
    }
}
