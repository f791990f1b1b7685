package dev.helpstream.schema.ids;

import dev.helpstream.schema.ConfigEntityType;

/**
 * Keys of the compacted config topic: {@code <ENTITY_TYPE>:<id>}, e.g. {@code DEPARTMENT:billing}.
 * The helpdesk settings are a single entity with the id {@value #SETTINGS_ID}.
 */
public final class ConfigKeys {

    /** The id of the one {@code HELPDESK_SETTINGS} entity. */
    public static final String SETTINGS_ID = "helpdesk";

    private ConfigKeys() {}

    /** The record key of the entity {@code id} of {@code type}. */
    public static String key(ConfigEntityType type, String id) {
        if (id == null || id.isBlank() || id.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a config id must be non-blank without ':', was '" + id + "'");
        }
        return type.name() + ":" + id;
    }

    /** The key of the helpdesk settings. */
    public static String settings() {
        return key(ConfigEntityType.HELPDESK_SETTINGS, SETTINGS_ID);
    }
}
