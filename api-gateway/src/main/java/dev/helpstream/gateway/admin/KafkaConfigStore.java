package dev.helpstream.gateway.admin;

import dev.helpstream.gateway.ConfigView;
import dev.helpstream.gateway.ConfigWriter;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.support.config.ConfigEntities;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The configuration on {@code helpdesk.config.v1}: writes through the {@link ConfigWriter}, reads
 * the {@link ConfigView}, and completes a write only once the view has read the record back, so
 * the admin API's answer and any read after it include the change (read your writes).
 */
@Component
class KafkaConfigStore implements ConfigStore {

    private final ConfigWriter writer;
    private final ConfigView view;

    KafkaConfigStore(ConfigWriter writer, ConfigView view) {
        this.writer = writer;
        this.view = view;
    }

    @Override
    public ConfigEntities snapshot() {
        return view.snapshot();
    }

    @Override
    public Mono<ConfigEntities> write(ConfigEntity entity) {
        return writer.write(entity).flatMap(view::awaitApplied);
    }

    @Override
    public Mono<ConfigEntities> delete(ConfigEntityType type, String id) {
        return writer.delete(type, id).flatMap(view::awaitApplied);
    }
}
