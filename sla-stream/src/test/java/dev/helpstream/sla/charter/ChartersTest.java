package dev.helpstream.sla.charter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.schema.config.SlaScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class ChartersTest {

    private static final ToIntFunction<String> RANKS = Map.of("low", 1, "normal", 2, "high", 3, "urgent", 4)::get;

    private static SlaPolicy policy(int order, boolean enabled, SlaScope scope) {
        return new SlaPolicy("policy " + order, order, enabled, scope, List.of(), 80, null, List.of(), true);
    }

    private static SlaScope anyTicket() {
        return new SlaScope(List.of(), List.of(), null);
    }

    private static Optional<String> selectedId(
            Map<String, SlaPolicy> policies, String departmentId, String typeId, String priorityId) {
        return Charters.select(policies, departmentId, typeId, priorityId, RANKS)
                .map(Charters.Selected::policyId);
    }

    @Test
    void shouldPickTheEnabledPolicyWithTheLowestOrder() {
        Map<String, SlaPolicy> policies = new LinkedHashMap<>();
        policies.put("late", policy(20, true, anyTicket()));
        policies.put("early", policy(10, true, anyTicket()));
        policies.put("middle", policy(15, true, anyTicket()));

        Optional<Charters.Selected> selected = Charters.select(policies, "support", "question", "normal", RANKS);

        assertThat(selected).contains(new Charters.Selected("early", policies.get("early")));
    }

    @Test
    void shouldBreakOrderTiesByPolicyId() {
        Map<String, SlaPolicy> policies = new LinkedHashMap<>();
        policies.put("zeta", policy(10, true, anyTicket()));
        policies.put("alpha", policy(10, true, anyTicket()));

        assertThat(selectedId(policies, "support", "question", "normal")).contains("alpha");
    }

    @Test
    void shouldSkipDisabledPolicies() {
        Map<String, SlaPolicy> policies = Map.of(
                "off", policy(1, false, anyTicket()),
                "on", policy(2, true, anyTicket()));

        assertThat(selectedId(policies, "support", "question", "normal")).contains("on");
    }

    @Test
    void shouldMatchOnlyListedDepartments() {
        Map<String, SlaPolicy> policies = Map.of(
                "billing", policy(1, true, new SlaScope(List.of("billing", "sales"), List.of(), null)),
                "rest", policy(2, true, anyTicket()));

        assertThat(selectedId(policies, "sales", "question", "normal")).contains("billing");
        assertThat(selectedId(policies, "support", "question", "normal")).contains("rest");
        assertThat(selectedId(policies, null, "question", "normal")).contains("rest");
    }

    @Test
    void shouldMatchOnlyListedTypesAndATicketWithoutTypeOnlyAnEmptyList() {
        Map<String, SlaPolicy> policies = Map.of(
                "incidents", policy(1, true, new SlaScope(List.of(), List.of("incident"), null)),
                "rest", policy(2, true, anyTicket()));

        assertThat(selectedId(policies, "support", "incident", "normal")).contains("incidents");
        assertThat(selectedId(policies, "support", "question", "normal")).contains("rest");
        assertThat(selectedId(policies, "support", null, "normal")).contains("rest");
    }

    @Test
    void shouldMatchPrioritiesRankedAtLeastTheMinimum() {
        Map<String, SlaPolicy> policies = Map.of(
                "urgent-ish", policy(1, true, new SlaScope(List.of(), List.of(), "high")),
                "rest", policy(2, true, anyTicket()));

        assertThat(selectedId(policies, "support", "question", "urgent")).contains("urgent-ish");
        assertThat(selectedId(policies, "support", "question", "high")).contains("urgent-ish");
        assertThat(selectedId(policies, "support", "question", "normal")).contains("rest");
        assertThat(selectedId(policies, "support", "question", null)).contains("rest");
    }

    @Test
    void shouldRequireEveryScopeDimensionToMatch() {
        Map<String, SlaPolicy> policies =
                Map.of("narrow", policy(1, true, new SlaScope(List.of("support"), List.of("incident"), "high")));

        assertThat(selectedId(policies, "support", "incident", "high")).contains("narrow");
        assertThat(selectedId(policies, "billing", "incident", "high")).isEmpty();
        assertThat(selectedId(policies, "support", "question", "high")).isEmpty();
        assertThat(selectedId(policies, "support", "incident", "low")).isEmpty();
    }

    @Test
    void shouldSelectNothingWhenNoPolicyMatches() {
        Map<String, SlaPolicy> policies = Map.of(
                "billing", policy(1, true, new SlaScope(List.of("billing"), List.of(), null)),
                "off", policy(2, false, anyTicket()));

        assertThat(Charters.select(policies, "support", "question", "normal", RANKS))
                .isEmpty();
        assertThat(Charters.select(Map.of(), "support", "question", "normal", RANKS))
                .isEmpty();
    }
}
