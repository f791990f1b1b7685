package dev.helpstream.ingest.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.support.content.FileSystemBlobStore;
import jakarta.mail.util.StreamProvider;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamProviderPropertyTest {

    private static final ClassLoader SERVICE = StreamProviderPropertyTest.class.getClassLoader();

    @Test
    void shouldNameAngusMailsProviderWhenNoneIsNamed() {
        Properties properties = new Properties();

        assertThat(StreamProviderProperty.pin(properties, SERVICE)).isTrue();

        assertThat(properties.getProperty(StreamProviderProperty.PROPERTY))
                .isEqualTo("org.eclipse.angus.mail.util.MailStreamProvider");
    }

    @Test
    void shouldLeaveTheProviderAnOperatorNamedAlone() {
        Properties properties = new Properties();
        properties.setProperty(StreamProviderProperty.PROPERTY, "com.example.mail.OtherStreamProvider");

        assertThat(StreamProviderProperty.pin(properties, SERVICE)).isFalse();

        assertThat(properties.getProperty(StreamProviderProperty.PROPERTY))
                .isEqualTo("com.example.mail.OtherStreamProvider");
    }

    @Test
    void shouldNameNothingForAClassLoaderWithoutAngusMail() {
        Properties properties = new Properties();
        ClassLoader platformOnly = new ClassLoader(null) {};

        assertThat(StreamProviderProperty.pin(properties, platformOnly)).isFalse();

        assertThat(properties).isEmpty();
    }

    @Test
    void shouldHaveJakartaMailUseAngusMailsProviderByNameOnceAParserExists(@TempDir Path blobs) {
        new MimeParser(new FileSystemBlobStore(blobs));

        assertThat(System.getProperty(StreamProviderProperty.PROPERTY))
                .isEqualTo("org.eclipse.angus.mail.util.MailStreamProvider");
        assertThat(StreamProvider.provider()).isInstanceOf(org.eclipse.angus.mail.util.MailStreamProvider.class);
    }
}
