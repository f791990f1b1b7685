package dev.helpstream.ingest.mail;

import jakarta.mail.util.StreamProvider;
import java.util.Properties;

/**
 * Names Angus Mail's stream provider in the system property {@value #PROPERTY}, so that Jakarta
 * Mail finds it without scanning the class path each time it parses a mail.
 *
 * <p>Why: Jakarta Mail 2.1 looks up its {@link StreamProvider} again, with no cache, on every
 * header block, body part, multipart, decoded stream and encoded word it reads
 * (jakartaee/mail-api#861); unless the property names the provider, each lookup is a {@link
 * java.util.ServiceLoader} scan of every jar on the class path (of every nested jar, in a Spring
 * Boot jar). The lookups are static calls, so no {@code Session} property reaches them: the system
 * property is the one way, and it is JVM-wide (in the all-in-one launcher it serves the notifier's
 * mail too).
 *
 * <p>Invariant: only set when nobody set it (an operator's {@code -D} wins), and only to Angus
 * Mail's provider when the ingest service's own class loader has it, i.e. to the provider the scan
 * would have found: Jakarta Mail then loads it by name through the thread's context class loader,
 * which on the service's threads is the one that loaded the service.
 */
final class StreamProviderProperty {

    static final String PROPERTY = "jakarta.mail.util.StreamProvider";
    static final String ANGUS = "org.eclipse.angus.mail.util.MailStreamProvider";

    private StreamProviderProperty() {}

    /** Names Angus Mail's provider in the system properties, if they name none yet. */
    static void pin() {
        pin(System.getProperties(), StreamProviderProperty.class.getClassLoader());
    }

    /**
     * Names Angus Mail's provider in {@code properties} unless they name one already or {@code
     * loader} has no such provider.
     *
     * @return whether it was set now
     */
    static boolean pin(Properties properties, ClassLoader loader) {
        if (properties.getProperty(PROPERTY) != null || !isProvider(loader)) {
            return false;
        }
        return properties.putIfAbsent(PROPERTY, ANGUS) == null;
    }

    private static boolean isProvider(ClassLoader loader) {
        try {
            return StreamProvider.class.isAssignableFrom(Class.forName(ANGUS, false, loader));
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }
}
