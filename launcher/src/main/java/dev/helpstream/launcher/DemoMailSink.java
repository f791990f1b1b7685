package dev.helpstream.launcher;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Where the notifier's mail goes in the one-command start when no relay is configured ({@code
 * NOTIFIER_SMTP_HOST}): an SMTP server on loopback that keeps each message in a mailbox per
 * recipient, readable over IMAP with the address as user name and any password. Nothing leaves the
 * machine, and a demo customer can read the acknowledgement and the agent's reply in a mail client.
 *
 * <p>It starts with the bean, before the services, and stops after them.
 */
@Component
class DemoMailSink implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DemoMailSink.class);
    private static final String LOOPBACK = "127.0.0.1";

    private final GreenMail server;

    DemoMailSink(LauncherProperties properties) {
        LauncherProperties.Mail mail = properties.mail();
        if (!mail.useSink()) {
            server = null;
            return;
        }
        server = new GreenMail(new ServerSetup[] {
                    new ServerSetup(mail.sink().smtpPort(), LOOPBACK, ServerSetup.PROTOCOL_SMTP),
                    new ServerSetup(mail.sink().imapPort(), LOOPBACK, ServerSetup.PROTOCOL_IMAP)
                })
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        server.start();
        log.info("Demo mail sink: SMTP {}, IMAP {}", smtpPort(), imapPort());
    }

    boolean running() {
        return server != null;
    }

    int smtpPort() {
        return server.getSmtp().getPort();
    }

    int imapPort() {
        return server.getImap().getPort();
    }

    @Override
    public void destroy() {
        if (server != null) {
            server.stop();
        }
    }
}
