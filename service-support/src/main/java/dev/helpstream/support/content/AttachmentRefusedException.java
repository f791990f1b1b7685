package dev.helpstream.support.content;

/**
 * An uploaded file that is not accepted, with the rule it broke.
 *
 * <p>The message completes a sentence about the file's field, e.g. {@code attachments[0]} + " " +
 * {@code getMessage()}: "(setup.jpg) contains an executable, …". Answer {@link Rule#SIZE} with 413
 * Content Too Large and every other rule with 422 Unprocessable Content.
 */
public final class AttachmentRefusedException extends RuntimeException {

    /** Which rule refused the file. */
    public enum Rule {
        /** The settings turn attachments off (max size 0). */
        ATTACHMENTS_OFF,
        /** One file more than a submission may carry. */
        FILE_COUNT,
        /** The extension is not on the allowlist. */
        EXTENSION,
        /** More bytes than the policy's limit. */
        SIZE,
        /** Empty, active (executable, script, HTML, SVG) or not what its extension or type says. */
        CONTENT
    }

    private final Rule rule;

    public AttachmentRefusedException(Rule rule, String reason) {
        super(reason);
        this.rule = rule;
    }

    public Rule rule() {
        return rule;
    }

    /** Whether the file was refused for its size alone (413 rather than 422). */
    public boolean tooLarge() {
        return rule == Rule.SIZE;
    }
}
