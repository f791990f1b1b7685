package dev.helpstream.sla.whatif;

import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.sla.clock.SlaConfig;
import java.util.Objects;

/**
 * An SLA policy an admin is considering, under the id it would be saved as: it replaces the live
 * policy of that id, or joins the live ones when no policy has it.
 */
public record DraftPolicy(String id, SlaPolicy policy) {

    public DraftPolicy {
        Objects.requireNonNull(policy, "policy");
        if (!SlaConfig.validId(id)) {
            throw new IllegalArgumentException("A draft policy needs an id without ':', was '" + id + "'");
        }
    }
}
