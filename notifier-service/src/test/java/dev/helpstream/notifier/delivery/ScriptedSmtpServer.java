package dev.helpstream.notifier.delivery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real SMTP server on loopback that answers as scripted: a reply per recipient and a reply to the
 * message data, to see how the mailer reads refusals that a mail sink never gives. It serves one
 * connection at a time, counts the connections it accepted, and can hang up: now (as a server
 * dropping an idle session, with or without a last reply) or right after the next message's data,
 * without replying (as a server that may or may not have accepted it).
 */
final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Map<String, String> recipientReplies;
    private final Map<String, String> onceReplies = new ConcurrentHashMap<>();
    private final String dataReply;
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger messagesReceived = new AtomicInteger();
    private final Thread thread;
    private volatile Socket current;
    private volatile boolean hangUpAfterNextData;

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

    /** The connections the server accepted so far. */
    int connections() {
        return connections.get();
    }

    /** The messages whose data the server read to the end, whatever it answered (or not). */
    int messagesReceived() {
        return messagesReceived.get();
    }

    /**
     * Closes the connection being served, as a server whose idle timeout struck.
     *
     * @param lastReply the reply sent before closing (such as {@code 421 4.4.2 idle timeout}), or
     *     null to close without a word
     */
    void hangUp(String lastReply) throws IOException {
        Socket client = current;
        if (client == null) {
            throw new IllegalStateException("no connection to hang up");
        }
        if (lastReply != null) {
            reply(client.getOutputStream(), lastReply);
        }
        client.close();
    }

    /** Answers the next {@code RCPT TO} of {@code address} with {@code reply}, later ones as scripted. */
    void replyOnce(String address, String reply) {
        onceReplies.put(address, reply);
    }

    /** Makes the server read the next message's data and close the connection without replying. */
    void hangUpAfterNextData() {
        hangUpAfterNextData = true;
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                connections.incrementAndGet();
                current = client;
                converse(client);
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
                // This connection broke (or was hung up on purpose); serve the next.
            } finally {
                current = null;
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
                // A new transaction: a message sent before on this connection has its recipients.
                recipients.clear();
                reply(out, "250 OK");
            } else if (command.startsWith("RCPT TO")) {
                String address = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                String once = onceReplies.remove(address);
                String answer = once != null ? once : recipientReplies.getOrDefault(address, "250 OK");
                if (answer.startsWith("2")) {
                    recipients.add(address);
                }
                reply(out, answer);
            } else if (command.equals("DATA")) {
                reply(out, "354 go ahead");
                for (String data = in.readLine(); !".".equals(data); data = in.readLine()) {
                    if (data == null) {
                        return;
                    }
                }
                messagesReceived.incrementAndGet();
                if (hangUpAfterNextData) {
                    hangUpAfterNextData = false;
                    client.close();
                    return;
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
