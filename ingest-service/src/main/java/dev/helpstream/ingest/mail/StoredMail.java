package dev.helpstream.ingest.mail;

import java.nio.file.Path;

/**
 * The raw bytes of one received mail, stored in the blob store before anything else is done with
 * them, so that nothing received is ever lost.
 *
 * @param file the stored blob, to parse
 * @param storageKey its key in the blob store, the inbound record's {@code rawMimeRef}
 * @param sha256 the SHA-256 of the bytes, lower-case hex
 * @param sizeBytes their count
 */
record StoredMail(Path file, String storageKey, String sha256, long sizeBytes) {}
