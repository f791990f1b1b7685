package dev.helpstream.support.config;

import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.ids.ConfigKeys;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration at one point of {@code helpdesk.config.v1}: every live entity by its key.
 * Immutable, so a request sees one consistent version from start to end.
 */
public final class ConfigEntities {

    public static final ConfigEntities EMPTY = of(List.of());

    private final Map<String, ConfigEntity> byKey;

    private ConfigEntities(Map<String, ConfigEntity> byKey) {
        this.byKey = byKey;
    }

    /** The snapshot of the given live entities (tombstoned ones already removed). */
    public static ConfigEntities of(Collection<ConfigEntity> entities) {
        Map<String, ConfigEntity> byKey = new LinkedHashMap<>();
        entities.stream()
                .sorted(Comparator.comparing(ConfigEntity::getEntityType).thenComparing(ConfigEntity::getId))
                .forEach(entity -> byKey.put(ConfigKeys.key(entity.getEntityType(), entity.getId()), entity));
        return new ConfigEntities(java.util.Collections.unmodifiableMap(byKey));
    }

    /** Every live entity, ordered by type then id. */
    public Collection<ConfigEntity> all() {
        return byKey.values();
    }

    /** The entity with this type and id, if it exists. */
    public Optional<ConfigEntity> find(dev.helpstream.schema.ConfigEntityType type, String id) {
        return Optional.ofNullable(byKey.get(ConfigKeys.key(type, id)));
    }

    /** The payloads of one type by entity id, ordered by id. */
    public <T> Map<String, T> all(Class<T> payloadType) {
        Map<String, T> found = new LinkedHashMap<>();
        for (ConfigEntity entity : byKey.values()) {
            if (payloadType.isInstance(entity.getPayload())) {
                found.put(entity.getId(), payloadType.cast(entity.getPayload()));
            }
        }
        return found;
    }

    /** The payload of one type with this id, if it exists. */
    public <T> Optional<T> get(Class<T> payloadType, String id) {
        return byKey.values().stream()
                .filter(entity -> entity.getId().equals(id) && payloadType.isInstance(entity.getPayload()))
                .map(entity -> payloadType.cast(entity.getPayload()))
                .findFirst();
    }

    /** The helpdesk settings (entity id {@value ConfigKeys#SETTINGS_ID}), if an admin saved any. */
    public Optional<HelpdeskSettings> settings() {
        return get(HelpdeskSettings.class, ConfigKeys.SETTINGS_ID);
    }

    public int size() {
        return byKey.size();
    }
}
