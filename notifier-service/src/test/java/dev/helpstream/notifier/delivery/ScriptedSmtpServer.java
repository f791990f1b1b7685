package dev.helpstream.notifier.delivery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real SMTP server on loopback that answers as scripted: a reply per recipient and a reply to the
 * message data, to see how the mailer reads refusals that a mail sink never gives.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Map<String, String> recipientReplies;
    private final String dataReply;
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final Thread thread;

    /**
     * @param recipientReplies the reply to {@code RCPT TO} per address; others get {@code 250 OK}
     * @param dataReply the reply after the message data
     */
    ScriptedSmtpServer(Map<String, String> recipientReplies, String dataReply) throws IOException {
        this.socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.recipientReplies = recipientReplies;
        this.dataReply = dataReply;
        this.thread = new Thread(this::serve, "scripted-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The recipients whose message the server accepted (after a 2xx reply to the data). */
    List<String> accepted() {
        return List.copyOf(accepted);
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                converse(client);
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private void converse(Socket client) throws IOException {
        BufferedReader in =
                new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = client.getOutputStream();
        reply(out, "220 scripted ESMTP");
        List<String> recipients = new CopyOnWriteArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.toUpperCase(Locale.ROOT);
            if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                reply(out, "250 scripted");
            } else if (command.startsWith("MAIL FROM")) {
                reply(out, "250 OK");
            } else if (command.startsWith("RCPT TO")) {
                String address = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                String answer = recipientReplies.getOrDefault(address, "250 OK");
                if (answer.startsWith("2")) {
                    recipients.add(address);
                }
                reply(out, answer);
            } else if (command.equals("DATA")) {
                reply(out, "354 go ahead");
                while (!".".equals(in.readLine())) {
                    // the message itself is not needed
                }
                if (dataReply.startsWith("2")) {
                    accepted.addAll(recipients);
                }
                reply(out, dataReply);
            } else if (command.equals("QUIT")) {
                reply(out, "221 bye");
                return;
            } else {
                recipients.clear();
                reply(out, "250 OK");
            }
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
