package dev.helpstream.support.content;

import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.support.config.ConfigEntities;
import java.util.List;
import java.util.Optional;

/**
 * What attachments are accepted: the admin's helpdesk settings ({@code maxAttachmentBytes}, {@code
 * allowedAttachmentExtensions}), or {@link #DEFAULT} while none are saved. Every service that takes
 * files builds it the same way, from the configuration in force for the request.
 *
 * <p>HelpdeskSettings has no separate on/off flag: a {@code maxAttachmentBytes} of 0 (or less)
 * turns attachments off.
 *
 * @param maxBytes largest accepted file
 * @param allowedExtensions lower-case extensions without dot; empty allows every extension (the
 *     content checks still apply)
 */
public record AttachmentPolicy(long maxBytes, List<String> allowedExtensions) {

    /** Used when no HelpdeskSettings entity exists: 10 MiB, images and Office documents. */
    public static final AttachmentPolicy DEFAULT =
            new AttachmentPolicy(10L * 1024 * 1024, List.of("jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx"));

    public AttachmentPolicy {
        allowedExtensions = List.copyOf(allowedExtensions);
    }

    /** The policy of these settings. */
    public static AttachmentPolicy of(HelpdeskSettings settings) {
        return new AttachmentPolicy(settings.getMaxAttachmentBytes(), settings.getAllowedAttachmentExtensions());
    }

    /** The policy of these settings, or {@link #DEFAULT} when an admin saved none. */
    public static AttachmentPolicy of(Optional<HelpdeskSettings> settings) {
        return settings.map(AttachmentPolicy::of).orElse(DEFAULT);
    }

    /** The policy in force in this configuration (its helpdesk settings, or the default). */
    public static AttachmentPolicy of(ConfigEntities config) {
        return of(config.settings());
    }

    public boolean enabled() {
        return maxBytes > 0;
    }

    /** Whether files with this extension (lower-case, without dot, possibly empty) are accepted. */
    public boolean allows(String extension) {
        return allowedExtensions.isEmpty()
                || allowedExtensions.stream().anyMatch(allowed -> allowed.equalsIgnoreCase(extension));
    }
}
