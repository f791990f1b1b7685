package dev.helpstream.ingest;

import dev.helpstream.schema.config.ApiKey;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.Service;
import dev.helpstream.schema.config.SupportAddress;
import dev.helpstream.schema.ids.ConfigKeys;
import dev.helpstream.support.config.ConfigEntities;
import dev.helpstream.support.content.AttachmentPolicy;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration the ingest service uses, at one point of the config topic: immutable, so a
 * request sees one consistent version from start to end. Derived from the shared reader's {@link
 * ConfigEntities}, indexed the way requests look things up (API keys by the hash of their secret).
 *
 * @param apiKeysByHash API keys by the SHA-256 hex of their secret
 * @param departments departments by id
 * @param services services by id
 * @param supportAddresses the addresses the helpdesk receives mail on, by their lower-case email
 * @param settings the helpdesk settings (entity id {@value #SETTINGS_ID}), if an admin saved any
 */
public record ConfigSnapshot(
        Map<String, ApiKeyEntry> apiKeysByHash,
        Map<String, Department> departments,
        Map<String, Service> services,
        Map<String, SupportAddress> supportAddresses,
        Optional<HelpdeskSettings> settings) {

    /**
     * The id of the one HelpdeskSettings entity: the project's key convention ({@link ConfigKeys}),
     * which every module reads; the schema's doc still says 'default'.
     */
    public static final String SETTINGS_ID = ConfigKeys.SETTINGS_ID;

    public static final ConfigSnapshot EMPTY = of(ConfigEntities.EMPTY);

    /** The ingest service's view of one snapshot of the config topic. */
    static ConfigSnapshot of(ConfigEntities config) {
        Map<String, ApiKeyEntry> keys = new HashMap<>();
        config.all(ApiKey.class)
                .forEach((id, key) -> keys.put(key.getKeyHash().toLowerCase(Locale.ROOT), new ApiKeyEntry(id, key)));
        Map<String, SupportAddress> addresses = new HashMap<>();
        config.all(SupportAddress.class)
                .values()
                .forEach(address -> addresses.put(address.getEmail().strip().toLowerCase(Locale.ROOT), address));
        return new ConfigSnapshot(
                Map.copyOf(keys),
                Map.copyOf(config.all(Department.class)),
                Map.copyOf(config.all(Service.class)),
                Map.copyOf(addresses),
                config.settings());
    }

    /** The attachment rules in force: the settings', or the default while none are saved. */
    public AttachmentPolicy attachments() {
        return AttachmentPolicy.of(settings);
    }

    /**
     * An API key with its id (the config entity's id).
     *
     * @param id the key id, used in message ids and as the submitter's actor id
     * @param key the key's record
     */
    public record ApiKeyEntry(String id, ApiKey key) {}
}
