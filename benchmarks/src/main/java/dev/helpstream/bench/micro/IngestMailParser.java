package dev.helpstream.bench.micro;

import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.serde.SingleObjectAvroSerdes;
import dev.helpstream.support.content.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The ingest service's own mail reading, {@code dev.helpstream.ingest.mail.MimeParser}, with the
 * collaborators the email intake gives it: the raw mail kept first by its {@code RawMailStore} in
 * a real blob store, an SMTP envelope, and the rules in force without admin settings (the
 * service's default limits: 20 files per mail, 100,000 characters of text).
 *
 * <p>Why method handles: the parser and its inputs are package-private in ingest-service (only its
 * email intake calls them), and the benchmark must measure that code, not a copy, without putting
 * classes into the service's package. The handles are looked up once, into {@code static final}
 * fields, so the JIT binds them like direct calls; a renamed or changed signature fails at class
 * initialisation with the name of what is missing ({@code MicroBenchmarksTest} runs it in CI).
 *
 * <p>Invariant: {@link #parse} returns the inbound message exactly as the intake would write it,
 * or throws when the parser found the mail unreadable. Thread-safe, like the parser.
 */
final class IngestMailParser {

    private static final String PACKAGE = "dev.helpstream.ingest.mail.";
    // The service's defaults: helpstream.mail.max-attachments, helpstream.intake.max-body-chars
    // and the helpdesk settings' largest mail.
    private static final int MAX_ATTACHMENTS = 20;
    private static final int MAX_BODY_CHARS = 100_000;
    private static final long MAX_MAIL_BYTES = 25L * 1024 * 1024;
    private static final String CLIENT_IP = "198.51.100.23";

    private static final MethodHandle NEW_PARSER;
    private static final MethodHandle NEW_RAW_STORE;
    private static final MethodHandle STORE_RAW;
    private static final MethodHandle NEW_ENVELOPE;
    private static final MethodHandle RULES_OF;
    private static final MethodHandle PARSE;
    private static final Class<?> READABLE;
    private static final MethodHandle READABLE_MESSAGE;
    private static final MethodHandle UNREADABLE_REASON;

    static {
        // Avro refuses to build the generated records that have record-typed defaults (the
        // helpdesk settings the rules start from) until the serdes have trusted the generated
        // classes; the service always has its topic catalogue loaded by then, and so does this.
        SingleObjectAvroSerdes.instance();
        try {
            Class<?> parser = type("MimeParser");
            Class<?> rawStore = type("RawMailStore");
            Class<?> stored = type("StoredMail");
            Class<?> envelope = type("Envelope");
            Class<?> rules = type("MailRules");
            Class<?> parsed = type("ParsedMail");
            READABLE = type("ParsedMail$Readable");
            Class<?> unreadable = type("ParsedMail$Unreadable");

            NEW_PARSER =
                    generic(in(parser).findConstructor(parser, MethodType.methodType(void.class, BlobStore.class)));
            NEW_RAW_STORE =
                    generic(in(rawStore).findConstructor(rawStore, MethodType.methodType(void.class, BlobStore.class)));
            STORE_RAW = generic(in(rawStore)
                    .findVirtual(
                            rawStore, "store", MethodType.methodType(stored, java.io.InputStream.class, long.class)));
            NEW_ENVELOPE = generic(in(envelope)
                    .findConstructor(
                            envelope,
                            MethodType.methodType(
                                    void.class, String.class, String.class, List.class, String.class, Instant.class)));
            RULES_OF = generic(in(rules)
                    .findStatic(rules, "of", MethodType.methodType(rules, Optional.class, int.class, int.class)));
            PARSE = generic(
                    in(parser).findVirtual(parser, "parse", MethodType.methodType(parsed, stored, envelope, rules)));
            READABLE_MESSAGE =
                    generic(in(READABLE).findVirtual(READABLE, "message", MethodType.methodType(InboundMessage.class)));
            UNREADABLE_REASON =
                    generic(in(unreadable).findVirtual(unreadable, "reason", MethodType.methodType(String.class)));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "ingest-service's mail parser is not what this benchmark expects: " + e.getMessage(), e);
        }
    }

    private final Object parser;
    private final Object rawStore;
    private final Object rules;

    /** A parser storing attachments (and the raw mails {@link #receive} keeps) in {@code store}. */
    IngestMailParser(BlobStore store) {
        try {
            this.parser = (Object) NEW_PARSER.invokeExact((Object) store);
            this.rawStore = (Object) NEW_RAW_STORE.invokeExact((Object) store);
            this.rules = (Object)
                    RULES_OF.invokeExact((Object) Optional.empty(), (Object) MAX_ATTACHMENTS, (Object) MAX_BODY_CHARS);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    /**
     * Keeps the raw bytes of a mail as the SMTP listener does before anything reads them, and
     * pairs them with the envelope of an SMTP delivery from {@code sender} to {@code recipient}.
     */
    ReceivedMail receive(byte[] raw, String sender, String recipient, Instant receivedAt) throws IOException {
        try {
            Object stored = (Object)
                    STORE_RAW.invokeExact(rawStore, (Object) new ByteArrayInputStream(raw), (Object) MAX_MAIL_BYTES);
            Object envelope = (Object) NEW_ENVELOPE.invokeExact(
                    (Object) "smtp", (Object) sender, (Object) List.of(recipient), (Object) CLIENT_IP, (Object)
                            receivedAt);
            return new ReceivedMail(stored, envelope);
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    /** Reads a received mail into the inbound message the intake writes. */
    InboundMessage parse(ReceivedMail mail) {
        try {
            Object result = (Object) PARSE.invokeExact(parser, mail.stored, mail.envelope, rules);
            if (READABLE.isInstance(result)) {
                return (InboundMessage) (Object) READABLE_MESSAGE.invokeExact(result);
            }
            throw new IllegalStateException(
                    "the parser found the mail unreadable: " + (String) (Object) UNREADABLE_REASON.invokeExact(result));
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    /** A mail kept in the blob store with its envelope, ready to parse (any number of times). */
    static final class ReceivedMail {
        private final Object stored;
        private final Object envelope;

        private ReceivedMail(Object stored, Object envelope) {
            this.stored = stored;
            this.envelope = envelope;
        }
    }

    private static Class<?> type(String simpleName) throws ClassNotFoundException {
        return Class.forName(PACKAGE + simpleName, true, IngestMailParser.class.getClassLoader());
    }

    private static MethodHandles.Lookup in(Class<?> target) throws IllegalAccessException {
        // On the class path every package is open to every class, so a full-privilege lookup in
        // the parser's package is granted.
        return MethodHandles.privateLookupIn(target, MethodHandles.lookup());
    }

    /** The handle taking and returning Objects (primitives boxed), so callers need not name the types. */
    private static MethodHandle generic(MethodHandle handle) {
        return handle.asType(MethodType.genericMethodType(handle.type().parameterCount()));
    }

    private static RuntimeException rethrown(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e);
    }
}
