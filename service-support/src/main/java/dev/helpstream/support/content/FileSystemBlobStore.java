package dev.helpstream.support.content;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link BlobStore} on a local (or mounted) file system.
 *
 * <p>Layout under the root: {@code staging/<uuid>.part} for uploads in progress and {@code
 * sha256/<aa>/<bb>/<hex>} for stored blobs, where {@code hex} is the lower-case hex SHA-256 of the
 * bytes and {@code aa} and {@code bb} are its first two byte pairs (so no folder gets millions of
 * entries). Storage keys are {@code sha256:<hex>}. Staging and blobs share one file system so that
 * a commit is an atomic rename: readers never see half a blob. Every service that mounts the same
 * root (ingest writes, the gateway reads) sees the same blobs under the same keys; this layout is
 * a stored format, so it does not change.
 */
public final class FileSystemBlobStore implements BlobStore {

    private static final Logger log = LoggerFactory.getLogger(FileSystemBlobStore.class);
    private static final String KEY_PREFIX = "sha256:";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final Path staging;
    private final Path blobs;

    /** Creates the store's folders under {@code root} if they do not exist. */
    public FileSystemBlobStore(Path root) {
        this.staging = root.resolve("staging");
        this.blobs = root.resolve("sha256");
        try {
            Files.createDirectories(staging);
            Files.createDirectories(blobs);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the blob store folders under " + root.toAbsolutePath(), e);
        }
    }

    @Override
    public Path newStagingFile() {
        return staging.resolve(UUID.randomUUID() + ".part");
    }

    @Override
    public String commit(Path staged, String sha256) throws IOException {
        Path target = pathOf(sha256);
        if (Files.exists(target)) {
            // Same digest, same bytes: the copy we already have is the blob.
            Files.deleteIfExists(staged);
            return KEY_PREFIX + sha256;
        }
        Files.createDirectories(target.getParent());
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // Another request committed the same bytes between our check and our move.
            Files.deleteIfExists(staged);
        }
        return KEY_PREFIX + sha256;
    }

    @Override
    public void discard(Path staged) {
        try {
            Files.deleteIfExists(staged);
        } catch (IOException e) {
            log.warn("Could not delete the staging file {}: {}", staged, e.toString());
        }
    }

    @Override
    public Path locate(String storageKey) {
        if (storageKey == null || !storageKey.startsWith(KEY_PREFIX)) {
            throw new IllegalArgumentException("not a storage key of this store: " + storageKey);
        }
        return pathOf(storageKey.substring(KEY_PREFIX.length()));
    }

    private Path pathOf(String sha256) {
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256: " + sha256);
        }
        return blobs.resolve(sha256.substring(0, 2))
                .resolve(sha256.substring(2, 4))
                .resolve(sha256);
    }
}
