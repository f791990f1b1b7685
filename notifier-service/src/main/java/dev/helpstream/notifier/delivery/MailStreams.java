package dev.helpstream.notifier.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names Jakarta Mail's stream provider (Angus Mail's) in the system property Jakarta Mail reads
 * first, so that it stops looking it up with a {@link java.util.ServiceLoader} scan of the whole
 * class path on every body part written and every header encoded (jakartaee/mail-api#861): a
 * fifth of the email deliverer's CPU per message when profiled. With the property set, each lookup
 * is a class-by-name instantiation.
 *
 * <p>A property of the JVM: it speeds up every user of Jakarta Mail in the process, and is left
 * alone when already set (an operator's {@code -Djakarta.mail.util.StreamProvider=...} wins) or
 * when Angus Mail is not on the class path.
 */
final class MailStreams {

    static final String PROPERTY = "jakarta.mail.util.StreamProvider";
    static final String ANGUS_PROVIDER = "org.eclipse.angus.mail.util.MailStreamProvider";

    private static final Logger log = LoggerFactory.getLogger(MailStreams.class);

    private MailStreams() {}

    /** Names Angus Mail's stream provider unless a provider is named already or Angus is absent. */
    static synchronized void nameTheProvider() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        try {
            Class.forName(ANGUS_PROVIDER, false, MailStreams.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            log.debug("{} is not on the class path; Jakarta Mail keeps looking its stream provider up", ANGUS_PROVIDER);
            return;
        }
        System.setProperty(PROPERTY, ANGUS_PROVIDER);
        log.debug("Jakarta Mail's stream provider named: {}={}", PROPERTY, ANGUS_PROVIDER);
    }
}
