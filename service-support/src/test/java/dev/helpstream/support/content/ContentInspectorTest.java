package dev.helpstream.support.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContentInspectorTest {

    private final ContentInspector inspector = new ContentInspector();

    @Test
    void shouldAcceptFilesWhoseContentMatchesTheirExtensionAndRecordTheCanonicalType() {
        assertThat(inspector.inspect("jpg", "image/jpeg", SampleFiles.jpeg())).isEqualTo("image/jpeg");
        assertThat(inspector.inspect("jpeg", null, SampleFiles.jpeg())).isEqualTo("image/jpeg");
        assertThat(inspector.inspect("png", "application/octet-stream", SampleFiles.png()))
                .isEqualTo("image/png");
        assertThat(inspector.inspect("doc", "application/msword", SampleFiles.ole2()))
                .isEqualTo("application/msword");
        assertThat(inspector.inspect("xls", null, SampleFiles.ole2())).isEqualTo("application/vnd.ms-excel");
        assertThat(inspector.inspect(
                        "docx",
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        SampleFiles.docx()))
                .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(inspector.inspect("xlsx", null, SampleFiles.docx()))
                .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }

    @Test
    void shouldRefuseAWindowsExecutableRenamedToPhotoJpg() {
        assertThatThrownBy(() -> inspector.inspect("jpg", "image/jpeg", SampleFiles.windowsExecutable()))
                .isInstanceOf(AttachmentRefusedException.class)
                .hasMessage("contains an executable, a script or active content (application/x-msdownload),"
                        + " which is never accepted");
    }

    @Test
    void shouldRefuseAShellScriptRenamedToPhotoJpg() {
        assertThatThrownBy(() -> inspector.inspect("jpg", "image/jpeg", SampleFiles.shellScript()))
                .isInstanceOf(AttachmentRefusedException.class)
                .hasMessage("contains an executable, a script or active content (application/x-sh),"
                        + " which is never accepted");
    }

    @Test
    void shouldRefuseActiveContentEvenUnderAnExtensionItDoesNotKnow() {
        assertThatThrownBy(() -> inspector.inspect("dat", null, SampleFiles.windowsExecutable()))
                .hasMessageContaining("application/x-msdownload");
        assertThatThrownBy(() -> inspector.inspect("txt", "text/plain", SampleFiles.html()))
                .hasMessageContaining("(text/html)");
        assertThatThrownBy(() -> inspector.inspect("dat", "image/svg+xml", "hello".getBytes()))
                .hasMessageContaining("(image/svg+xml)");
    }

    @Test
    void shouldRefuseContentOfAnotherKindThanTheExtension() {
        assertThatThrownBy(() -> inspector.inspect("png", null, SampleFiles.jpeg()))
                .hasMessage("content is image/jpeg, not a .png file");
        assertThatThrownBy(() -> inspector.inspect("docx", null, SampleFiles.ole2()))
                .hasMessage("content is application/x-tika-msoffice, not a .docx file");
        assertThatThrownBy(() -> inspector.inspect("jpg", null, "just some text".getBytes()))
                .hasMessage("content is text/plain, not a .jpg file");
    }

    @Test
    void shouldRefuseADeclaredTypeThatDoesNotMatchTheExtension() {
        assertThatThrownBy(() -> inspector.inspect("jpg", "application/pdf", SampleFiles.jpeg()))
                .hasMessage("is declared as application/pdf but is a .jpg file");
    }

    @Test
    void shouldRefuseEmptyFiles() {
        assertThatThrownBy(() -> inspector.inspect("jpg", "image/jpeg", new byte[0]))
                .hasMessage("is empty");
    }

    @Test
    void shouldRecordTheDetectedTypeForAnExtensionItCannotCheck() {
        assertThat(inspector.inspect("dat", null, SampleFiles.png())).isEqualTo("image/png");
        assertThat(inspector.inspect("bin", "application/x-custom", new byte[] {0, 1, 2, 3, (byte) 200}))
                .isEqualTo("application/x-custom");
    }
}
