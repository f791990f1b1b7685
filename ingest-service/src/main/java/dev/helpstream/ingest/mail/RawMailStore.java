package dev.helpstream.ingest.mail;

import dev.helpstream.support.content.BlobStore;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Keeps the raw bytes of every received mail in the blob store, before they are parsed: the
 * original is the one thing that lets a mail be read again, whatever the parser made of it.
 *
 * <p>The bytes are streamed to a staging file while they are counted and hashed, so a mail is
 * never held in memory; past {@code maxBytes} the copy stops with {@link MailTooLargeException}
 * and nothing is left on disk. A complete mail is committed under its content address (the same
 * mail fetched twice is one blob). Blocks (file system).
 */
final class RawMailStore {

    // Coalesces a poller's line-by-line writes; SMTP data arrives in 8 KB reads anyway. Allocated
    // per mail, and most mails are a few KB.
    private static final int COPY_BUFFER = 8 * 1024;

    private final BlobStore store;

    RawMailStore(BlobStore store) {
        this.store = store;
    }

    /** Stores what {@code in} holds, read to its end (or to the limit); {@code in} is not closed. */
    StoredMail store(InputStream in, long maxBytes) throws IOException {
        return store(out -> in.transferTo(out), maxBytes);
    }

    /** Stores what {@code source} writes. */
    StoredMail store(Source source, long maxBytes) throws IOException {
        Path staged = store.newStagingFile();
        boolean committed = false;
        try {
            Tally tally;
            try (Tally out = new Tally(
                    new BufferedOutputStream(Files.newOutputStream(staged, StandardOpenOption.CREATE_NEW), COPY_BUFFER),
                    maxBytes)) {
                source.writeTo(out);
                tally = out;
            }
            String sha256 = tally.sha256();
            String key = store.commit(staged, sha256);
            committed = true;
            return new StoredMail(store.locate(key), key, sha256, tally.size);
        } finally {
            if (!committed) {
                store.discard(staged);
            }
        }
    }

    /** Writes a mail's bytes, e.g. a fetched message's {@code writeTo}. */
    @FunctionalInterface
    interface Source {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A mail larger than the limit; its bytes were not kept. */
    static final class MailTooLargeException extends IOException {
        private final long maxBytes;

        MailTooLargeException(long maxBytes) {
            super("the message is larger than " + maxBytes + " bytes");
            this.maxBytes = maxBytes;
        }

        long maxBytes() {
            return maxBytes;
        }
    }

    /** Counts and hashes what passes, and stops past the limit. */
    private static final class Tally extends FilterOutputStream {
        private final MessageDigest digest;
        private final long maxBytes;
        private long size;

        Tally(OutputStream out, long maxBytes) {
            super(out);
            this.maxBytes = maxBytes;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            grow(1);
            digest.update((byte) b);
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            grow(length);
            digest.update(bytes, offset, length);
            out.write(bytes, offset, length);
        }

        private void grow(int bytes) throws MailTooLargeException {
            size += bytes;
            if (size > maxBytes) {
                throw new MailTooLargeException(maxBytes);
            }
        }

        String sha256() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
