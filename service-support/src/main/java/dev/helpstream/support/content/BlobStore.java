package dev.helpstream.ingest;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where attachment bytes live; records on the topics carry only the storage key.
 *
 * <p>Content-addressed: a blob's key is derived from its SHA-256, so storing the same bytes twice
 * (a retried request, the same logo on every mail) keeps one copy, and a key always names the same
 * bytes. Uploads are written to a staging file first and committed only once the whole request has
 * been accepted, so a refused request leaves no blob behind. The methods block (file system
 * calls); reactive callers run them on a scheduler meant for blocking work.
 */
interface BlobStore {

    /** A new, not yet existing path in the staging area to stream an upload into. */
    Path newStagingFile();

    /**
     * Moves a fully written staging file to its content address.
     *
     * @param staged a file from {@link #newStagingFile()}
     * @param sha256 the SHA-256 of its bytes, lower-case hex
     * @return the storage key of the blob
     */
    String commit(Path staged, String sha256) throws IOException;

    /** Deletes a staging file, if it exists. */
    void discard(Path staged);

    /** The file holding the blob with this storage key. */
    Path locate(String storageKey);
}
