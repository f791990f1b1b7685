package dev.helpstream.sla.clock;

import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.schema.config.SlaScope;
import java.util.ArrayList;
import java.util.List;

/**
 * The human-readable rule on a {@code TARGETS_SET}, e.g. {@code policy "Gold" (order 1): department
 * billing, priority >= high}. Ids, not display names: the note must not change when an admin
 * renames a department, or a replay would write a different history.
 */
final class Notes {

    private Notes() {}

    static String rule(SlaPolicy policy) {
        return "policy \"" + policy.getName() + "\" (order " + policy.getOrder() + "): " + scope(policy.getScope());
    }

    private static String scope(SlaScope scope) {
        List<String> parts = new ArrayList<>();
        if (scope != null) {
            listed(parts, "department", "departments", scope.getDepartmentIds());
            listed(parts, "type", "types", scope.getTypeIds());
            if (scope.getMinimumPriorityId() != null) {
                parts.add("priority >= " + scope.getMinimumPriorityId());
            }
        }
        return parts.isEmpty() ? "every ticket" : String.join(", ", parts);
    }

    private static void listed(List<String> parts, String one, String many, List<String> ids) {
        if (ids.size() == 1) {
            parts.add(one + " " + ids.get(0));
        } else if (ids.size() > 1) {
            parts.add(many + " " + String.join(", ", ids));
        }
    }
}
