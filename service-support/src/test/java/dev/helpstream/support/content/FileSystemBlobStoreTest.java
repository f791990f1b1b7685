package dev.helpstream.support.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBlobStoreTest {

    @TempDir
    Path root;

    @Test
    void shouldStoreBlobsUnderTheirSha256() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        byte[] content = "invoice 2024-17".getBytes(StandardCharsets.UTF_8);
        String sha256 = sha256(content);
        Path staged = store.newStagingFile();
        Files.write(staged, content);

        String key = store.commit(staged, sha256);

        assertThat(key).isEqualTo("sha256:" + sha256);
        Path stored = root.resolve("sha256")
                .resolve(sha256.substring(0, 2))
                .resolve(sha256.substring(2, 4))
                .resolve(sha256);
        assertThat(store.locate(key)).isEqualTo(stored);
        assertThat(stored).hasBinaryContent(content);
        assertThat(staged).doesNotExist();
    }

    @Test
    void shouldKeepOneCopyOfTheSameContent() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        byte[] content = "same bytes".getBytes(StandardCharsets.UTF_8);
        String sha256 = sha256(content);
        Path first = store.newStagingFile();
        Path second = store.newStagingFile();
        Files.write(first, content);
        Files.write(second, content);

        String firstKey = store.commit(first, sha256);
        String secondKey = store.commit(second, sha256);

        assertThat(secondKey).isEqualTo(firstKey);
        assertThat(first).doesNotExist();
        assertThat(second).doesNotExist();
        try (var files = Files.walk(root.resolve("sha256"))) {
            assertThat(files.filter(Files::isRegularFile).toList()).containsExactly(store.locate(firstKey));
        }
    }

    @Test
    void shouldGiveEveryUploadItsOwnStagingFileAndDiscardIt() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        Path one = store.newStagingFile();
        Path two = store.newStagingFile();
        Files.write(one, new byte[] {1});

        store.discard(one);
        store.discard(two);

        assertThat(one).isNotEqualTo(two).doesNotExist();
        assertThat(one.getParent()).isEqualTo(root.resolve("staging"));
    }

    @Test
    void shouldRefuseKeysThatAreNotItsOwn() {
        FileSystemBlobStore store = new FileSystemBlobStore(root);

        assertThatThrownBy(() -> store.locate("sha256:../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.locate("s3://bucket/key")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldFindStoredBlobsAndNothingElse() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        byte[] content = "ticket export".getBytes(StandardCharsets.UTF_8);
        Path staged = store.newStagingFile();
        Files.write(staged, content);
        String key = store.commit(staged, sha256(content));

        assertThat(store.find(key)).hasValue(store.locate(key));
        assertThat(store.find("sha256:" + "0".repeat(64))).isEmpty();
        assertThat(store.find("sha256:../../etc/passwd")).isEmpty();
        assertThat(store.find("s3://bucket/key")).isEmpty();
        assertThat(store.find(null)).isEmpty();
    }

    @Test
    void shouldReadBlobsStoredByAnotherInstanceOnTheSameRoot() throws Exception {
        byte[] content = "written by ingest".getBytes(StandardCharsets.UTF_8);
        FileSystemBlobStore writer = new FileSystemBlobStore(root);
        Path staged = writer.newStagingFile();
        Files.write(staged, content);
        String key = writer.commit(staged, sha256(content));

        FileSystemBlobStore reader = new FileSystemBlobStore(root);

        assertThat(reader.find(key)).hasValueSatisfying(blob -> assertThat(blob).hasBinaryContent(content));
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
