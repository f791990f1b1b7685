package dev.helpstream.ingest;

import java.nio.file.Path;

/**
 * An attachment that passed every check and waits in the blob store's staging area until its
 * submission is accepted.
 *
 * @param fileName the sanitized file name
 * @param contentType the checked content type
 * @param sizeBytes its size
 * @param sha256 the SHA-256 of its bytes, lower-case hex
 * @param staged the staging file
 */
record StagedAttachment(String fileName, String contentType, long sizeBytes, String sha256, Path staged) {}
