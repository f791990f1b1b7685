package dev.helpstream.gateway.admin;

import dev.helpstream.gateway.admin.AdminBodies.Draft;
import dev.helpstream.gateway.json.FieldError;
import dev.helpstream.gateway.web.ApiProblem;
import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.ApiKey;
import dev.helpstream.support.config.ConfigEntities;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Creates, replaces and deletes configuration entities for the admin API. Input: drafts read from
 * request bodies; output: {@link ConfigEntity} records through the {@link ConfigStore}, answered
 * once the configuration view includes them.
 *
 * <p>Invariants: a write is checked (exists? {@code If-Match}? valid? still referenced?) against the
 * configuration it will join, with writes of this instance one at a time ({@link WriteSequencer});
 * the revision is the stored one plus one (1 for a new entity); secrets are stored only hashed and
 * carried over when a replacement leaves them out; deleting an entity another one refers to is
 * refused (409) naming the referrers, so no reference dangles: deactivate it ({@code active:
 * false}) to keep history, or remove the references first.
 */
@Component
class AdminService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AdminService.class);

    private final ConfigStore store;
    private final AdminValidator validator;
    private final Secrets secrets;
    private final Clock clock;
    private final WriteSequencer sequencer = new WriteSequencer();

    AdminService(ConfigStore store, AdminValidator validator, Secrets secrets, Clock clock) {
        this.store = store;
        this.validator = validator;
        this.secrets = secrets;
        this.clock = clock;
    }

    /**
     * The result of a write.
     *
     * @param entity what is stored now
     * @param created whether it did not exist before
     * @param apiKey the plain key of a new API key, shown once; null otherwise
     */
    record Saved(ConfigEntity entity, boolean created, String apiKey) {}

    /** The configuration as last applied. */
    ConfigEntities snapshot() {
        return store.snapshot();
    }

    /** Creates the entity, under the draft's id or one derived from its name; 409 if it exists. */
    Mono<Saved> create(AdminCollection collection, Draft draft, Actor actor) {
        return passwordHash(draft)
                .flatMap(hash -> sequencer.run(() -> {
                    ConfigEntities config = store.snapshot();
                    String id =
                            draft.requestedId() != null ? draft.requestedId() : collection.derivedId(draft.payload());
                    if (!AdminBodies.ID_PATTERN.matcher(id).matches()) {
                        // A blank name explains a missing id best: its errors first, if any.
                        List<FieldError> errors = validator.validate(id, draft.payload(), config);
                        return Mono.error(ApiProblem.unprocessable(
                                "No id could be derived from the name; give one as id.",
                                errors.isEmpty() ? List.of(AdminBodies.idError()) : errors));
                    }
                    if (config.find(collection.type(), id).isPresent()) {
                        return Mono.error(
                                ApiProblem.conflict(collection.path(id) + " exists already; PUT to it to replace it."));
                    }
                    return save(collection, id, null, draft, hash, config, actor);
                }));
    }

    /** Creates or replaces the entity {@code id}; {@code ifMatch} (may be null) must hold. */
    Mono<Saved> replace(AdminCollection collection, String id, Draft draft, String ifMatch, Actor actor) {
        if (draft.requestedId() != null && !draft.requestedId().equals(id)) {
            return Mono.error(ApiProblem.unprocessable(
                    "The body names another entity than the path.",
                    List.of(new FieldError(AdminBodies.ID, "must be '" + id + "' as in the path, or left out"))));
        }
        if (!AdminBodies.ID_PATTERN.matcher(id).matches()) {
            return Mono.error(ApiProblem.unprocessable("The id is not valid.", List.of(AdminBodies.idError())));
        }
        return passwordHash(draft)
                .flatMap(hash -> sequencer.run(() -> {
                    ConfigEntities config = store.snapshot();
                    ConfigEntity existing = config.find(collection.type(), id).orElse(null);
                    Optional<ApiProblem> failed = precondition(collection, id, existing, ifMatch);
                    if (failed.isPresent()) {
                        return Mono.error(failed.get());
                    }
                    return save(collection, id, existing, draft, hash, config, actor);
                }));
    }

    /** Deletes the entity {@code id}: 404 if absent, 412 if {@code ifMatch} fails, 409 if in use. */
    Mono<Void> delete(AdminCollection collection, String id, String ifMatch) {
        return sequencer.run(() -> {
            ConfigEntities config = store.snapshot();
            ConfigEntity existing = config.find(collection.type(), id).orElse(null);
            if (existing == null) {
                return Mono.error(ApiProblem.notFound("There is no " + collection.path(id) + "."));
            }
            Optional<ApiProblem> failed = precondition(collection, id, existing, ifMatch);
            if (failed.isPresent()) {
                return Mono.error(failed.get());
            }
            List<FieldError> referrers = referrers(collection.type(), id, config);
            if (!referrers.isEmpty()) {
                return Mono.error(ApiProblem.conflict(
                        collection.path(id) + " is still referred to; change the referrers first, or deactivate it.",
                        referrers));
            }
            return store.delete(collection.type(), id)
                    .doOnNext(applied -> log.info("Deleted {}", collection.path(id)))
                    .then();
        });
    }

    @Override
    public void destroy() {
        sequencer.close();
    }

    private Mono<Optional<String>> passwordHash(Draft draft) {
        return draft.password() == null
                ? Mono.just(Optional.empty())
                : secrets.hashPassword(draft.password()).map(Optional::of);
    }

    private Mono<Saved> save(
            AdminCollection collection,
            String id,
            ConfigEntity existing,
            Draft draft,
            Optional<String> passwordHash,
            ConfigEntities config,
            Actor actor) {
        SpecificRecord payload = AdminValidator.normalized(draft.payload());
        String plainKey = null;
        if (payload instanceof Agent agent) {
            String stored =
                    existing != null && existing.getPayload() instanceof Agent old ? old.getPasswordHash() : null;
            payload = Agent.newBuilder(agent)
                    .setPasswordHash(draft.clearPassword() ? null : passwordHash.orElse(stored))
                    .build();
        } else if (payload instanceof ApiKey key) {
            if (existing != null && existing.getPayload() instanceof ApiKey old) {
                payload = ApiKey.newBuilder(key)
                        .setKeyHash(old.getKeyHash())
                        .setKeyPrefix(old.getKeyPrefix())
                        .build();
            } else {
                Secrets.NewApiKey generated = secrets.newApiKey();
                plainKey = generated.key();
                payload = ApiKey.newBuilder(key)
                        .setKeyHash(generated.hash())
                        .setKeyPrefix(generated.shownPrefix())
                        .build();
            }
        }
        List<FieldError> errors = validator.validate(id, payload, config);
        if (!errors.isEmpty()) {
            return Mono.error(ApiProblem.unprocessable(
                    "The " + AdminValidator.label(collection.type()) + " is not valid.", errors));
        }
        ConfigEntity entity = ConfigEntity.newBuilder()
                .setEntityType(collection.type())
                .setId(id)
                .setRevision(existing == null ? 1 : existing.getRevision() + 1)
                .setUpdatedAt(clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .setUpdatedBy(actor)
                .setPayload(payload)
                .build();
        String key = plainKey;
        return store.write(entity).map(applied -> {
            log.info(
                    "{} {} revision {} by {}:{}",
                    existing == null ? "Created" : "Replaced",
                    collection.path(id),
                    entity.getRevision(),
                    actor.getKind(),
                    actor.getId());
            return new Saved(entity, existing == null, key);
        });
    }

    /**
     * Whether {@code If-Match} holds: {@code *} when the entity exists, or a quoted revision equal to
     * the current one (0 for an entity that does not exist yet, to create only if absent). Weak tags
     * never match, as RFC 9110 requires.
     */
    private static Optional<ApiProblem> precondition(
            AdminCollection collection, String id, ConfigEntity existing, String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return Optional.empty();
        }
        long current = existing == null ? 0 : existing.getRevision();
        for (String raw : ifMatch.split(",")) {
            String tag = raw.strip();
            if (tag.equals("*") && existing != null) {
                return Optional.empty();
            }
            String value = tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")
                    ? tag.substring(1, tag.length() - 1)
                    : tag;
            if (value.equals(Long.toString(current))) {
                return Optional.empty();
            }
        }
        String state = existing == null ? "does not exist (revision 0)" : "is at revision " + current;
        return Optional.of(ApiProblem.preconditionFailed(
                collection.path(id) + " " + state + ", not " + ifMatch.strip() + "; read it again."));
    }

    /** Every field of another entity that refers to the entity {@code id} of {@code type}. */
    private static List<FieldError> referrers(ConfigEntityType type, String id, ConfigEntities config) {
        List<FieldError> referrers = new ArrayList<>();
        String target = AdminCollection.byType(type).orElseThrow().path(id);
        for (ConfigEntity other : config.all()) {
            for (References.Reference reference : References.of(other.getPayload())) {
                if (reference.type() == type && reference.id().equals(id)) {
                    String where = AdminCollection.byType(other.getEntityType())
                            .map(collection -> collection.path(other.getId()))
                            .orElse(other.getEntityType() + ":" + other.getId());
                    referrers.add(new FieldError(where + "." + reference.field(), "refers to " + target));
                }
            }
        }
        return referrers;
    }
}
