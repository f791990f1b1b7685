package dev.helpstream.sla.whatif;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.sla.clock.SlaConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The live configuration with a draft policy laid over it: the draft answers for its id, every
 * other entity is the live one. Nothing is written: the overlay lives as long as one what-if.
 *
 * <p>Invariant: {@link #entities} keeps {@link SlaConfig}'s ascending id order, so charter selection
 * over the overlay is as deterministic as over the live configuration.
 */
final class DraftConfig implements SlaConfig {

    private static final Actor WHAT_IF = new Actor(ActorKind.SYSTEM, "what-if", null, null);

    private final SlaConfig live;
    private final ConfigEntity draft;

    private DraftConfig(SlaConfig live, ConfigEntity draft) {
        this.live = live;
        this.draft = draft;
    }

    /**
     * The overlay. The draft's revision is the live one's plus one (1 for a new id), as saving it
     * would make it, so a ticket under the live policy of that id sees a new revision.
     */
    static SlaConfig over(SlaConfig live, DraftPolicy policy) {
        long revision = live.entity(ConfigEntityType.SLA_POLICY, policy.id())
                .map(ConfigEntity::getRevision)
                .orElse(0L);
        ConfigEntity draft = ConfigEntity.newBuilder()
                .setEntityType(ConfigEntityType.SLA_POLICY)
                .setId(policy.id())
                .setRevision(revision + 1)
                // Never read by the engine; fixed so that nothing depends on the clock.
                .setUpdatedAt(Instant.EPOCH)
                .setUpdatedBy(WHAT_IF)
                .setPayload(policy.policy())
                .build();
        return new DraftConfig(live, draft);
    }

    @Override
    public Optional<ConfigEntity> entity(ConfigEntityType type, String id) {
        if (type == ConfigEntityType.SLA_POLICY && draft.getId().equals(id)) {
            return Optional.of(draft);
        }
        return live.entity(type, id);
    }

    @Override
    public List<ConfigEntity> entities(ConfigEntityType type) {
        if (type != ConfigEntityType.SLA_POLICY) {
            return live.entities(type);
        }
        List<ConfigEntity> policies = new ArrayList<>();
        for (ConfigEntity entity : live.entities(type)) {
            if (!entity.getId().equals(draft.getId())) {
                policies.add(entity);
            }
        }
        policies.add(draft);
        policies.sort(Comparator.comparing(ConfigEntity::getId));
        return policies;
    }
}
