package dev.helpstream.support.content;

import java.nio.file.Path;

/**
 * An attachment that passed every check and waits in the blob store's staging area until its
 * submission is accepted: then {@link AttachmentReceiver#commit} stores it, otherwise {@link
 * BlobStore#discard} deletes it.
 *
 * @param fileName the sanitized file name ({@link FileNames})
 * @param contentType the checked content type ({@link ContentInspector})
 * @param sizeBytes its size
 * @param sha256 the SHA-256 of its bytes, lower-case hex
 * @param staged the staging file
 */
public record StagedAttachment(String fileName, String contentType, long sizeBytes, String sha256, Path staged) {}
