package dev.helpstream.sla.topology;

import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.ids.ConfigKeys;
import dev.helpstream.sla.clock.SlaConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The clock engine's configuration read from the global store mirroring {@code helpdesk.config.v1}.
 * Every read goes to the store, so an admin's change applies to the next record or timer; scans go
 * in key order, which is id order within a type.
 */
final class StoreConfig implements SlaConfig {

    private static final StringSerializer KEYS = new StringSerializer();

    private final ReadOnlyKeyValueStore<String, ConfigEntity> store;

    StoreConfig(ReadOnlyKeyValueStore<String, ConfigEntity> store) {
        this.store = store;
    }

    @Override
    public Optional<ConfigEntity> entity(ConfigEntityType type, String id) {
        return SlaConfig.validId(id) ? Optional.ofNullable(store.get(ConfigKeys.key(type, id))) : Optional.empty();
    }

    @Override
    public List<ConfigEntity> entities(ConfigEntityType type) {
        List<ConfigEntity> found = new ArrayList<>();
        try (KeyValueIterator<String, ConfigEntity> entities = store.prefixScan(type.name() + ":", KEYS)) {
            while (entities.hasNext()) {
                ConfigEntity entity = entities.next().value;
                if (entity != null) {
                    found.add(entity);
                }
            }
        }
        return found;
    }
}
