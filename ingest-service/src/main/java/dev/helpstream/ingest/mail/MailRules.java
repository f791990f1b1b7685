package dev.helpstream.ingest.mail;

import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.support.content.AttachmentPolicy;
import java.util.Optional;

/**
 * The rules one received mail is read with: the helpdesk settings in force when it arrived and the
 * service's limits.
 *
 * @param attachments the attachment rules, the same as the HTTP API's
 * @param maxAttachments most files (attachments and inline images) kept from one mail
 * @param maxBodyChars longest text, quoted history or HTML kept; the rest stays in the raw mail
 * @param messageIdDomain the domain of the helpdesk's own Message-IDs and loop marker
 * @param maxEmailBytes largest mail accepted
 */
record MailRules(
        AttachmentPolicy attachments,
        int maxAttachments,
        int maxBodyChars,
        String messageIdDomain,
        long maxEmailBytes) {

    /** The rules of these settings (or the defaults while an admin saved none). */
    static MailRules of(Optional<HelpdeskSettings> settings, int maxAttachments, int maxBodyChars) {
        HelpdeskSettings effective =
                settings.orElseGet(() -> HelpdeskSettings.newBuilder().build());
        return new MailRules(
                AttachmentPolicy.of(settings),
                maxAttachments,
                maxBodyChars,
                effective.getMessageIdDomain(),
                effective.getMaxEmailBytes());
    }
}
