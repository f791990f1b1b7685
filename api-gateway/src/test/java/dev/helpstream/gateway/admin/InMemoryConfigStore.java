package dev.helpstream.gateway.admin;

import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.ids.ConfigKeys;
import dev.helpstream.support.config.ConfigEntities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * The configuration as a map, for the admin API's controller tests: a write is applied when it
 * completes, as the config view does once it has read the record back. {@link #written()} lists
 * every write ({@code KEY@revision}) and tombstone ({@code KEY deleted}) in order, like the topic.
 */
final class InMemoryConfigStore implements ConfigStore {

    private final Map<String, ConfigEntity> entities = new ConcurrentHashMap<>();
    private final List<String> written = new ArrayList<>();
    private final Duration applyDelay;
    private volatile ConfigEntities snapshot = ConfigEntities.EMPTY;

    InMemoryConfigStore() {
        this(Duration.ZERO);
    }

    /** A store whose writes apply only after {@code applyDelay}, as a broker round trip would. */
    InMemoryConfigStore(Duration applyDelay) {
        this.applyDelay = applyDelay;
    }

    /** Puts entities in place without recording them as writes. */
    synchronized void seed(List<ConfigEntity> seeded) {
        seeded.forEach(entity -> entities.put(ConfigKeys.key(entity.getEntityType(), entity.getId()), entity));
        snapshot = ConfigEntities.of(entities.values());
    }

    synchronized List<String> written() {
        return List.copyOf(written);
    }

    @Override
    public ConfigEntities snapshot() {
        return snapshot;
    }

    @Override
    public Mono<ConfigEntities> write(ConfigEntity entity) {
        return applied(() -> {
            String key = ConfigKeys.key(entity.getEntityType(), entity.getId());
            entities.put(key, entity);
            written.add(key + "@" + entity.getRevision());
        });
    }

    @Override
    public Mono<ConfigEntities> delete(ConfigEntityType type, String id) {
        return applied(() -> {
            String key = ConfigKeys.key(type, id);
            entities.remove(key);
            written.add(key + " deleted");
        });
    }

    private Mono<ConfigEntities> applied(Runnable change) {
        Mono<ConfigEntities> apply = Mono.fromCallable(() -> {
            synchronized (this) {
                change.run();
                snapshot = ConfigEntities.of(entities.values());
                return snapshot;
            }
        });
        return applyDelay.isZero() ? apply : Mono.delay(applyDelay).then(apply);
    }
}
