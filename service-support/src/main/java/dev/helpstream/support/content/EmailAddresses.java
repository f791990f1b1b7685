package dev.helpstream.support.content;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks and normalizes the email addresses a submitter gives (requester and CCs).
 *
 * <p>Accepts a bare RFC 5322 {@code addr-spec} with a dot-atom local part and a host name with a
 * top-level domain; internationalized domains are stored in their ASCII (punycode) form and the
 * domain is lower-cased, the local part is kept as given (it is case-sensitive by the RFC). Quoted
 * local parts, comments, display names ({@code Name <a@b.c>}) and address literals ({@code
 * a@[10.0.0.1]}) are refused: a helpdesk emails these people, and those forms are where spoofing
 * and parser confusion live.
 *
 * <p>Pure and thread-safe; callers that check a request field use {@link FieldChecks#email}.
 */
public final class EmailAddresses {

    /** RFC 5321's limit on a forward path, less the angle brackets. */
    public static final int MAX_LENGTH = 254;

    private static final int MAX_LOCAL_LENGTH = 64;
    private static final int MAX_DOMAIN_LENGTH = 253;
    private static final Pattern DOT_ATOM =
            Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern TOP_LEVEL = Pattern.compile("[a-z]{2,63}|xn--[a-z0-9-]{1,59}");

    private EmailAddresses() {}

    /**
     * The address in its stored form.
     *
     * @throws InvalidAddressException naming what is wrong with it
     */
    public static String normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidAddressException("is empty");
        }
        String address = raw.strip();
        if (address.length() > MAX_LENGTH) {
            throw new InvalidAddressException("is longer than " + MAX_LENGTH + " characters");
        }
        int at = address.lastIndexOf('@');
        if (at < 0 || address.indexOf('@') != at) {
            throw new InvalidAddressException("must contain exactly one @");
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (local.isEmpty()
                || local.length() > MAX_LOCAL_LENGTH
                || !DOT_ATOM.matcher(local).matches()) {
            throw new InvalidAddressException("has an invalid part before the @");
        }
        String asciiDomain = asciiDomain(domain);
        String normalized = local + "@" + asciiDomain;
        if (normalized.length() > MAX_LENGTH) {
            throw new InvalidAddressException("is longer than " + MAX_LENGTH + " characters");
        }
        return normalized;
    }

    private static String asciiDomain(String domain) {
        String ascii;
        try {
            ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidAddressException("has an invalid domain");
        }
        if (ascii.isEmpty() || ascii.length() > MAX_DOMAIN_LENGTH) {
            throw new InvalidAddressException("has an invalid domain");
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            throw new InvalidAddressException("has a domain without a top-level domain");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new InvalidAddressException("has an invalid domain");
            }
        }
        if (!TOP_LEVEL.matcher(labels[labels.length - 1]).matches()) {
            throw new InvalidAddressException("has an invalid top-level domain");
        }
        return ascii;
    }

    /** An address that cannot be used; the message completes "the address …". */
    public static final class InvalidAddressException extends IllegalArgumentException {
        InvalidAddressException(String reason) {
            super(reason);
        }
    }
}
