package dev.helpstream.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.gateway.web.ApiProblem;
import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.config.Category;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Signal;

/** The admin service's writes one at a time, against a store that takes a while to apply them. */
class AdminServiceTest {

    private static final Actor ROOT = new Actor(ActorKind.ADMIN, "root", null, null);

    private final InMemoryConfigStore store = new InMemoryConfigStore(Duration.ofMillis(50));
    private final AdminService service = new AdminService(
            store,
            new AdminValidator(new AdminProperties(false)),
            new Secrets(),
            Clock.fixed(AdminApi.NOW, ZoneOffset.UTC));

    @AfterEach
    void stop() {
        service.destroy();
    }

    @Test
    void shouldCreateAnIdOnceWhenTwoRequestsRaceForIt() {
        List<Signal<AdminService.Saved>> outcomes = Flux.merge(create("Spam"), create("Spam"), create("Spam"))
                .collectList()
                .block(Duration.ofSeconds(10));

        assertThat(outcomes.stream().filter(Signal::isOnNext)).hasSize(1);
        assertThat(outcomes.stream().filter(Signal::isOnError))
                .hasSize(2)
                .allSatisfy(signal -> assertThat(((ApiProblem) signal.getThrowable()).getStatusCode())
                        .isEqualTo(HttpStatus.CONFLICT));
        assertThat(store.written()).containsExactly("CATEGORY:spam@1");
    }

    @Test
    void shouldPassOneIfMatchOnlyOnceWhenTwoReplacementsRace() {
        store.seed(List.of(
                AdminApi.entity("spam", Category.newBuilder().setName("Spam").build())));

        List<Signal<AdminService.Saved>> outcomes = Flux.merge(replace("Junk", "\"1\""), replace("Trash", "\"1\""))
                .collectList()
                .block(Duration.ofSeconds(10));

        assertThat(outcomes.stream().filter(Signal::isOnNext)).hasSize(1);
        assertThat(outcomes.stream().filter(Signal::isOnError))
                .singleElement()
                .satisfies(signal -> assertThat(((ApiProblem) signal.getThrowable()).getStatusCode())
                        .isEqualTo(HttpStatus.PRECONDITION_FAILED));
        assertThat(store.written()).containsExactly("CATEGORY:spam@2");
    }

    @Test
    void shouldGoOnWithTheNextWriteAfterOneFails() {
        Signal<AdminService.Saved> failed = create(" ").blockLast(Duration.ofSeconds(10));
        Signal<AdminService.Saved> next = create("Spam").blockLast(Duration.ofSeconds(10));

        assertThat(((ApiProblem) failed.getThrowable()).getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(next.get().entity().getId()).isEqualTo("spam");
    }

    private Flux<Signal<AdminService.Saved>> create(String name) {
        AdminBodies.Draft draft = new AdminBodies.Draft(
                Category.newBuilder().setName(name).build(), name.isBlank() ? "blank" : null, null, false);
        return service.create(AdminCollection.CATEGORIES, draft, ROOT)
                .materialize()
                .flux();
    }

    private Flux<Signal<AdminService.Saved>> replace(String name, String ifMatch) {
        AdminBodies.Draft draft =
                new AdminBodies.Draft(Category.newBuilder().setName(name).build(), null, null, false);
        return service.replace(AdminCollection.CATEGORIES, "spam", draft, ifMatch, ROOT)
                .materialize()
                .flux();
    }
}
