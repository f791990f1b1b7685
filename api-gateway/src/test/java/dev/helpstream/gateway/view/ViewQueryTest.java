package dev.helpstream.gateway.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helpstream.schema.LifecycleState;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ViewQueryTest {

    @Test
    void shouldRefuseAPageSizeOutsideOneToTwoHundred() {
        assertThatThrownBy(() -> ViewQuery.builder().limit(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be between 1 and 200, was 0");
        assertThatThrownBy(() -> ViewQuery.builder().limit(201).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be between 1 and 200, was 201");
        assertThat(ViewQuery.builder().limit(200).build().limit()).isEqualTo(200);
    }

    @Test
    void shouldReadNullFiltersAsAnyAndANullSortAsNumberButKeepANullRestrictionAsUnrestricted() {
        ViewQuery query = new ViewQuery(
                null, null, null, null, null, null, null, null, false, null, null, null, false, false, false, null,
                true, null, 50, false);

        assertThat(query.allowedDepartmentIds()).isNull();
        assertThat(query.lifecycles()).isEmpty();
        assertThat(query.statusIds()).isEmpty();
        assertThat(query.tags()).isEmpty();
        assertThat(query.sort()).isEqualTo(SortField.NUMBER);
    }

    @Test
    void shouldStartFromEverythingNewestFirstFiftyPerPageAndCarryEverySettingToTheNextPage() {
        ViewQuery first = ViewQuery.builder()
                .allowedDepartmentIds(Set.of("support"))
                .lifecycles(Set.of(LifecycleState.OPEN))
                .sort(SortField.PRIORITY, false)
                .limit(20)
                .build();

        ViewQuery next = first.withCursor("abc");

        assertThat(ViewQuery.builder().build())
                .isEqualTo(new ViewQuery(
                        null,
                        null,
                        Set.of(),
                        Set.of(),
                        Set.of(),
                        Set.of(),
                        Set.of(),
                        Set.of(),
                        false,
                        Set.of(),
                        Set.of(),
                        Set.of(),
                        false,
                        false,
                        false,
                        SortField.NUMBER,
                        true,
                        null,
                        50,
                        false));
        assertThat(next).isEqualTo(first.toBuilder().cursor("abc").build());
        assertThat(next.cursor()).isEqualTo("abc");
        assertThat(next.allowedDepartmentIds()).containsExactly("support");
        assertThat(next.sort()).isEqualTo(SortField.PRIORITY);
        assertThat(next.descending()).isFalse();
        assertThat(next.limit()).isEqualTo(20);
    }
}
