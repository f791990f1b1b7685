package dev.helpstream.support.content;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where attachment bytes live; records on the topics carry only the storage key.
 *
 * <p>Content-addressed: a blob's key is derived from its SHA-256, so storing the same bytes twice
 * (a retried request, the same logo on every mail) keeps one copy, and a key always names the same
 * bytes. Uploads are written to a staging file first and committed only once the whole request has
 * been accepted, so a refused request leaves no blob behind. The methods block (file system
 * calls); reactive callers run them on a scheduler meant for blocking work.
 */
public interface BlobStore {

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

    /**
     * The file that holds (or would hold) the blob with this storage key; it may not exist.
     *
     * @throws IllegalArgumentException when the key is not one of this store's
     */
    Path locate(String storageKey);

    /**
     * The file holding the blob with this storage key, to stream to a client; empty when the key is
     * not one of this store's or no such blob exists. A blob never changes once stored, so the file
     * can be read while other requests commit.
     */
    default Optional<Path> find(String storageKey) {
        Path file;
        try {
            file = locate(storageKey);
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }
}
