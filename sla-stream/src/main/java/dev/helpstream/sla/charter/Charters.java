package dev.helpstream.sla.charter;

import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.schema.config.SlaScope;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Chooses the SLA charter (policy) that applies to a ticket.
 *
 * <p>Input: the configured policies by id and the ticket's department, type and priority. Output:
 * the first enabled policy, in ascending {@code order} then ascending id, whose scope covers the
 * ticket. Invariant: the answer is a pure function of the arguments, independent of the map's
 * iteration order, so replaying a ticket's history picks the same charter again.
 */
public final class Charters {

    private static final Comparator<Map.Entry<String, SlaPolicy>> SELECTION_ORDER =
            Comparator.<Map.Entry<String, SlaPolicy>>comparingInt(
                            entry -> entry.getValue().getOrder())
                    .thenComparing(Map.Entry::getKey);

    private Charters() {}

    /** A selected policy and the id it is configured under. */
    public record Selected(String policyId, SlaPolicy policy) {

        public Selected {
            Objects.requireNonNull(policyId, "policyId");
            Objects.requireNonNull(policy, "policy");
        }
    }

    /**
     * The policy that applies to a ticket, or empty when none does.
     *
     * <p>A scope covers the ticket when its department is listed (or the list is empty), its type is
     * listed (or the list is empty; a ticket without a type matches only an empty list), and its
     * priority's rank is at least the rank of the scope's minimum priority (or the scope has none; a
     * ticket without a priority matches only a scope without a minimum).
     *
     * @param priorityRank the rank of a priority id (higher is more urgent); only called with non-null
     *     ids, and the caller decides what an unknown id ranks as
     */
    public static Optional<Selected> select(
            Map<String, SlaPolicy> policies,
            String departmentId,
            String typeId,
            String priorityId,
            ToIntFunction<String> priorityRank) {
        Objects.requireNonNull(policies, "policies");
        Objects.requireNonNull(priorityRank, "priorityRank");
        return policies.entrySet().stream()
                .filter(entry -> entry.getValue().getEnabled())
                .sorted(SELECTION_ORDER)
                .filter(entry -> covers(entry.getValue().getScope(), departmentId, typeId, priorityId, priorityRank))
                .findFirst()
                .map(entry -> new Selected(entry.getKey(), entry.getValue()));
    }

    private static boolean covers(
            SlaScope scope, String departmentId, String typeId, String priorityId, ToIntFunction<String> priorityRank) {
        if (scope == null) {
            return true;
        }
        if (!coversValue(scope.getDepartmentIds(), departmentId) || !coversValue(scope.getTypeIds(), typeId)) {
            return false;
        }
        String minimum = scope.getMinimumPriorityId();
        if (minimum == null) {
            return true;
        }
        return priorityId != null && priorityRank.applyAsInt(priorityId) >= priorityRank.applyAsInt(minimum);
    }

    /** An empty list covers every value, even a missing one; a non-empty list only the values it names. */
    private static boolean coversValue(List<String> listed, String value) {
        // Checked before contains(): immutable lists reject a null argument.
        return listed.isEmpty() || (value != null && listed.contains(value));
    }
}
