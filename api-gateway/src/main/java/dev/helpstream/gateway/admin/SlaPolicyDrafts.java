package dev.helpstream.gateway.admin;

import dev.helpstream.gateway.json.AvroJsonException;
import dev.helpstream.gateway.json.FieldError;
import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.support.config.ConfigEntities;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Reads an SLA policy that is not to be saved (the what-if's draft) exactly as {@code PUT
 * /api/v1/admin/sla-policies/{id}} reads one, plus its {@code id}: the same JSON, the same checks
 * against the configuration, the same messages.
 */
@Component
public class SlaPolicyDrafts {

    private final AdminValidator validator;

    SlaPolicyDrafts(AdminValidator validator) {
        this.validator = validator;
    }

    /**
     * A draft as read.
     *
     * @param id the id it would be saved under
     * @param policy the policy; null when the body could not be read as one
     * @param errors every field at fault, with paths inside the policy's JSON; empty if none
     */
    public record Draft(String id, SlaPolicy policy, List<FieldError> errors) {

        public Draft {
            errors = List.copyOf(errors);
        }

        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /** The draft {@code body} describes, checked against {@code config}; {@code id} is required. */
    public Draft read(JsonNode body, ConfigEntities config) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode givenId = body == null ? null : body.get(AdminBodies.ID);
        if (body != null && body.isObject() && (givenId == null || givenId.isNull())) {
            errors.add(new FieldError(AdminBodies.ID, "is required: the policy the draft replaces, or a new one"));
        }
        AdminBodies.Draft read;
        try {
            read = AdminBodies.read(AdminCollection.SLA_POLICIES, body);
        } catch (AvroJsonException e) {
            errors.addAll(e.errors());
            return new Draft(null, null, errors);
        }
        SlaPolicy policy = (SlaPolicy) AdminValidator.normalized(read.payload());
        String id = read.requestedId();
        errors.addAll(validator.validate(id == null ? "" : id, policy, config));
        return new Draft(id, policy, errors);
    }
}
