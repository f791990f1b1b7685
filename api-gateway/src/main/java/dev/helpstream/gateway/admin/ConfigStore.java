package dev.helpstream.gateway.admin;

import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.support.config.ConfigEntities;
import reactor.core.publisher.Mono;

/**
 * Where the admin API reads and writes the configuration: the config topic in the application
 * ({@link KafkaConfigStore}), a map in the controller tests.
 */
interface ConfigStore {

    /** The configuration as last applied. */
    ConfigEntities snapshot();

    /** Writes {@code entity}; completes with the configuration once it includes the write. */
    Mono<ConfigEntities> write(ConfigEntity entity);

    /** Deletes an entity; completes with the configuration once it no longer holds it. */
    Mono<ConfigEntities> delete(ConfigEntityType type, String id);
}
