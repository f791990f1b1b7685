package dev.helpstream.bench.mail;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One client connection to an SMTP server over a plain socket: one command, one reply (no
 * pipelining), replies of several lines ({@code 250-…}) read to their last line. The mail data is
 * dot-stuffed on the way out and ended with {@code CRLF.CRLF}.
 *
 * <p>Not thread-safe: one connection belongs to one thread; {@link #close} may be called from any
 * thread to abort it.
 */
final class SmtpConnection implements Closeable {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] END_OF_DATA = {'.', '\r', '\n'};
    private static final int MAX_REPLY_LINE = 4096;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final long deadlineNanos;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    private Reply lastReply;

    private SmtpConnection(Socket socket, long deadlineNanos) throws IOException {
        this.socket = socket;
        this.deadlineNanos = deadlineNanos;
        this.in = new BufferedInputStream(socket.getInputStream(), 8192);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16384);
    }

    /**
     * Connects; every wait (the connection, each reply) ends at {@code deadlineNanos} (a {@link
     * System#nanoTime()} value) with a {@link SocketTimeoutException}.
     */
    static SmtpConnection open(String host, int port, long deadlineNanos) throws IOException {
        Socket socket = new Socket();
        try {
            // Each command is flushed and then waited for: Nagle would hold it back for the ACK.
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), millisLeft(deadlineNanos));
            return new SmtpConnection(socket, deadlineNanos);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static int millisLeft(long deadlineNanos) throws SocketTimeoutException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (left <= 0) {
            throw new SocketTimeoutException("The time for the SMTP exchange is up");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    /** Sends one command line (CRLF added) and reads its reply. */
    Reply command(String command) throws IOException {
        out.write(command.getBytes(StandardCharsets.UTF_8));
        out.write(CRLF);
        out.flush();
        return readReply();
    }

    /**
     * Sends a mail's content after {@code 354}: lines starting with a dot get a second one, a last
     * line without its line break gets CRLF, and the lone dot ends it. Then reads the reply.
     */
    Reply data(byte[] content) throws IOException {
        int written = 0;
        boolean lineStart = true;
        for (int i = 0; i < content.length; i++) {
            byte b = content[i];
            if (lineStart && b == '.') {
                out.write(content, written, i - written);
                out.write('.');
                written = i;
            }
            lineStart = b == '\n';
        }
        out.write(content, written, content.length - written);
        if (content.length > 0 && !lineStart) {
            out.write(CRLF);
        }
        out.write(END_OF_DATA);
        out.flush();
        return readReply();
    }

    /** Reads one reply, all its lines. */
    Reply readReply() throws IOException {
        socket.setSoTimeout(millisLeft(deadlineNanos));
        StringBuilder text = new StringBuilder();
        while (true) {
            String current = readLine();
            if (current.length() < 3 || !isCode(current)) {
                throw new IOException("Not an SMTP reply: '" + current + "'");
            }
            if (text.length() > 0) {
                text.append(" | ");
            }
            text.append(current);
            boolean more = current.length() > 3 && current.charAt(3) == '-';
            if (!more) {
                lastReply = new Reply(Integer.parseInt(current.substring(0, 3)), text.toString());
                return lastReply;
            }
        }
    }

    private static boolean isCode(String line) {
        return Character.isDigit(line.charAt(0))
                && Character.isDigit(line.charAt(1))
                && Character.isDigit(line.charAt(2));
    }

    private String readLine() throws IOException {
        line.reset();
        while (true) {
            int b = in.read();
            if (b == -1) {
                throw new EOFException("The server closed the connection"
                        + (line.size() > 0 ? " after '" + line.toString(StandardCharsets.UTF_8) + "'" : ""));
            }
            if (b == '\n') {
                break;
            }
            if (line.size() >= MAX_REPLY_LINE) {
                throw new IOException("A reply line longer than " + MAX_REPLY_LINE + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** The last reply read; null before the greeting. */
    Reply lastReply() {
        return lastReply;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * A server reply.
     *
     * @param code its three-digit code
     * @param text its lines as sent, joined with {@code " | "}
     */
    record Reply(int code, String text) {

        boolean positive() {
            return code >= 200 && code < 300;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
