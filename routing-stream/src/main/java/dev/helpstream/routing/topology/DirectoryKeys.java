package dev.helpstream.routing.topology;

import dev.helpstream.routing.ticket.Threading;

/** Keys of the ticket directory ({@code routing.directory.v1}). */
final class DirectoryKeys {

    private DirectoryKeys() {}

    static String number(long number) {
        return "number:" + number;
    }

    static String message(String messageId) {
        return "message:" + messageId.trim();
    }

    static String spamSender(String email) {
        return "spam:" + Threading.normalizeAddress(email);
    }
}
