package dev.helpstream.support.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileNamesTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "photo.jpg | photo.jpg",
                "../../etc/passwd | passwd",
                "C:\\Users\\bob\\Desktop\\report.docx | report.docx",
                "..\\..\\boot.ini | boot.ini",
                ".htaccess | htaccess",
                "...hidden.png | hidden.png",
                "name. | name",
                "in<voice>:2024?.pdf | in_voice__2024_.pdf",
                "CON.txt | _CON.txt",
                "lpt1 | _lpt1",
                "résumé final.docx | résumé final.docx",
                "multiple   spaces.png | multiple spaces.png",
                ".. | attachment",
                "/ | attachment"
            })
    void shouldSanitizeFileNames(String given, String expected) {
        assertThat(FileNames.sanitize(given)).isEqualTo(expected);
    }

    @Test
    void shouldReplaceControlCharacters() {
        assertThat(FileNames.sanitize("a\tb\u0000c\nd.txt")).isEqualTo("a_b_c_d.txt");
    }

    @Test
    void shouldFallBackForAMissingName() {
        assertThat(FileNames.sanitize(null)).isEqualTo("attachment");
        assertThat(FileNames.sanitize("")).isEqualTo("attachment");
    }

    @Test
    void shouldRemoveBidiOverridesThatDisguiseExtensions() {
        // "photo<RLO>gpj.exe" displays as "photoexe.jpg" in many user interfaces.
        assertThat(FileNames.sanitize("photo\u202Egpj.exe")).isEqualTo("photo_gpj.exe");
        assertThat(FileNames.extension(FileNames.sanitize("photo\u202Egpj.exe")))
                .isEqualTo("exe");
    }

    @Test
    void shouldShortenLongNamesAndKeepTheExtension() {
        String sanitized = FileNames.sanitize("é".repeat(300) + ".xlsx");

        assertThat(sanitized).endsWith(".xlsx").startsWith("éé");
        assertThat(sanitized.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(FileNames.MAX_BYTES);
        assertThat(sanitized.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(FileNames.MAX_BYTES - 2);
    }

    @Test
    void shouldGiveTheLowerCaseExtension() {
        assertThat(FileNames.extension("Photo.JPG")).isEqualTo("jpg");
        assertThat(FileNames.extension("archive.tar.gz")).isEqualTo("gz");
        assertThat(FileNames.extension("README")).isEmpty();
    }
}
