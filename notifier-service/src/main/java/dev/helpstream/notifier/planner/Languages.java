package dev.helpstream.notifier.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Language tags as the templates are chosen by: the primary subtag, lower case. */
final class Languages {

    static final String FALLBACK = "en";

    private Languages() {}

    /** {@code "fr-CA"} → {@code "fr"}; blank or null → {@code ""}. */
    static String primary(String tag) {
        if (tag == null || tag.isBlank()) {
            return "";
        }
        String trimmed = tag.strip();
        int dash = trimmed.indexOf('-') >= 0 ? trimmed.indexOf('-') : trimmed.indexOf('_');
        return (dash > 0 ? trimmed.substring(0, dash) : trimmed).toLowerCase(Locale.ROOT);
    }

    /** The languages to try in order: the preferred one, the helpdesk default, then English. */
    static List<String> candidates(String preferred, String helpdeskDefault) {
        List<String> candidates = new ArrayList<>();
        for (String tag : new String[] {preferred, helpdeskDefault, FALLBACK}) {
            String language = primary(tag);
            if (!language.isEmpty() && !candidates.contains(language)) {
                candidates.add(language);
            }
        }
        return candidates;
    }
}
