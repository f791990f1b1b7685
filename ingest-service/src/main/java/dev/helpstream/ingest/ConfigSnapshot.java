package dev.helpstream.ingest;

import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.config.ApiKey;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.Service;
import dev.helpstream.schema.ids.ConfigKeys;
import dev.helpstream.support.content.AttachmentPolicy;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration the ingest service uses, at one point of the config topic: immutable, so a
 * request sees one consistent version from start to end.
 *
 * @param apiKeysByHash API keys by the SHA-256 hex of their secret
 * @param departments departments by id
 * @param services services by id
 * @param settings the helpdesk settings (entity id {@value #SETTINGS_ID}), if an admin saved any
 */
record ConfigSnapshot(
        Map<String, ApiKeyEntry> apiKeysByHash,
        Map<String, Department> departments,
        Map<String, Service> services,
        Optional<HelpdeskSettings> settings) {

    /**
     * The id of the one HelpdeskSettings entity: the project's key convention ({@link ConfigKeys}),
     * which every module reads; the schema's doc still says 'default'.
     */
    static final String SETTINGS_ID = ConfigKeys.SETTINGS_ID;

    static final ConfigSnapshot EMPTY = of(List.of());

    /** The snapshot of the given live entities (tombstoned ones already removed). */
    static ConfigSnapshot of(Collection<ConfigEntity> entities) {
        Map<String, ApiKeyEntry> keys = new HashMap<>();
        Map<String, Department> departments = new HashMap<>();
        Map<String, Service> services = new HashMap<>();
        HelpdeskSettings settings = null;
        for (ConfigEntity entity : entities) {
            Object payload = entity.getPayload();
            if (payload instanceof ApiKey key) {
                keys.put(key.getKeyHash().toLowerCase(java.util.Locale.ROOT), new ApiKeyEntry(entity.getId(), key));
            } else if (payload instanceof Department department) {
                departments.put(entity.getId(), department);
            } else if (payload instanceof Service service) {
                services.put(entity.getId(), service);
            } else if (payload instanceof HelpdeskSettings found && SETTINGS_ID.equals(entity.getId())) {
                settings = found;
            }
        }
        return new ConfigSnapshot(
                Map.copyOf(keys), Map.copyOf(departments), Map.copyOf(services), Optional.ofNullable(settings));
    }

    /** The attachment rules in force: the settings', or the default while none are saved. */
    AttachmentPolicy attachments() {
        return AttachmentPolicy.of(settings);
    }

    /**
     * An API key with its id (the config entity's id).
     *
     * @param id the key id, used in message ids and as the submitter's actor id
     * @param key the key's record
     */
    record ApiKeyEntry(String id, ApiKey key) {}
}
