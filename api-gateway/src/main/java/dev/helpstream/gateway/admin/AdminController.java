package dev.helpstream.gateway.admin;

import dev.helpstream.gateway.admin.AdminService.Saved;
import dev.helpstream.gateway.json.FieldError;
import dev.helpstream.gateway.security.Caller;
import dev.helpstream.gateway.web.ApiProblem;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.AgentRole;
import dev.helpstream.schema.config.ApiKey;
import dev.helpstream.schema.ids.ConfigKeys;
import dev.helpstream.support.config.ConfigEntities;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The admin API: create, read, update and delete every configuration entity, at {@value #BASE}.
 *
 * <p>{@code GET /} lists the collections with their counts; {@code GET /{collection}} lists one
 * ({@code {"items": [...]}}, by id); {@code GET /{collection}/{id}} reads one entity; {@code POST
 * /{collection}} creates one (201; the id from the body's {@code id} or a slug of its name; 409 if
 * it exists); {@code PUT /{collection}/{id}} creates or replaces one (201 or 200; {@code If-Match:
 * "<revision>"} guards against lost updates with 412); {@code DELETE /{collection}/{id}} removes one
 * (204; 404 if absent; 409 while others refer to it). The helpdesk settings are one entity at
 * {@code /settings} (GET, PUT). Entities are {@code {"id", "revision", "updatedAt", "updatedBy",
 * ...payload}} with {@code ETag: "<revision>"} ({@link AdminBodies}); every write is answered once
 * the gateway's configuration view includes it.
 *
 * <p>Who: admins, and API keys with {@code config:read} (reads) or {@code config:write} (reads and
 * writes); the security configuration enforces the same at the URL, this is the second lock.
 * Documented for OpenAPI by {@link AdminApiDocs}, one path per collection.
 */
@Hidden
@RestController
@RequestMapping(path = AdminController.BASE, produces = MediaType.APPLICATION_JSON_VALUE)
class AdminController {

    static final String BASE = "/api/v1/admin";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final AdminService admin;

    AdminController(AdminService admin) {
        this.admin = admin;
    }

    @GetMapping
    Mono<ObjectNode> collections(@AuthenticationPrincipal Caller caller) {
        mayRead(caller);
        ConfigEntities config = admin.snapshot();
        ArrayNode collections = NODES.arrayNode();
        for (AdminCollection collection : AdminCollection.values()) {
            ObjectNode entry = collections.addObject();
            entry.put("name", collection.segment());
            entry.put("entityType", collection.type().name());
            entry.put("count", config.all(collection.payloadType()).size());
            entry.put("href", BASE + "/" + collection.segment());
        }
        ObjectNode body = NODES.objectNode();
        body.set("collections", collections);
        return Mono.just(body);
    }

    @GetMapping("/settings")
    Mono<ResponseEntity<ObjectNode>> settings(@AuthenticationPrincipal Caller caller) {
        mayRead(caller);
        return Mono.just(admin.snapshot()
                .find(AdminCollection.SETTINGS.type(), ConfigKeys.SETTINGS_ID)
                .map(entity -> entity(AdminCollection.SETTINGS, entity))
                .orElseGet(() -> ResponseEntity.ok().eTag("0").body(AdminBodies.defaultSettings())));
    }

    @PutMapping(path = "/settings", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<ObjectNode>> putSettings(
            @RequestBody JsonNode body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @AuthenticationPrincipal Caller caller) {
        return replace(AdminCollection.SETTINGS, ConfigKeys.SETTINGS_ID, body, ifMatch, caller);
    }

    @GetMapping("/{collection}")
    Mono<ObjectNode> list(@PathVariable String collection, @AuthenticationPrincipal Caller caller) {
        AdminCollection found = collection(collection);
        mayRead(caller);
        ArrayNode items = NODES.arrayNode();
        admin.snapshot().all().stream()
                .filter(entity -> entity.getEntityType() == found.type())
                .forEach(entity -> items.add(AdminBodies.render(found, entity)));
        ObjectNode body = NODES.objectNode();
        body.set("items", items);
        return Mono.just(body);
    }

    @GetMapping("/{collection}/{id}")
    Mono<ResponseEntity<ObjectNode>> get(
            @PathVariable String collection, @PathVariable String id, @AuthenticationPrincipal Caller caller) {
        AdminCollection found = entityCollection(collection);
        mayRead(caller);
        return Mono.justOrEmpty(admin.snapshot().find(found.type(), id))
                .map(entity -> entity(found, entity))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("There is no " + found.path(id) + ".")));
    }

    @PostMapping(path = "/{collection}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<ObjectNode>> create(
            @PathVariable String collection, @RequestBody JsonNode body, @AuthenticationPrincipal Caller caller) {
        AdminCollection found = entityCollection(collection);
        mayWrite(caller);
        return Mono.fromCallable(() -> withinCallersRights(caller, AdminBodies.read(found, body)))
                .flatMap(draft -> admin.create(found, draft, caller.toActor()))
                .map(saved -> saved(found, saved));
    }

    @PutMapping(path = "/{collection}/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<ObjectNode>> put(
            @PathVariable String collection,
            @PathVariable String id,
            @RequestBody JsonNode body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @AuthenticationPrincipal Caller caller) {
        return replace(entityCollection(collection), id, body, ifMatch, caller);
    }

    @DeleteMapping("/{collection}/{id}")
    Mono<ResponseEntity<Void>> delete(
            @PathVariable String collection,
            @PathVariable String id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @AuthenticationPrincipal Caller caller) {
        AdminCollection found = entityCollection(collection);
        mayWrite(caller);
        return admin.delete(found, id, ifMatch)
                .then(Mono.fromSupplier(() -> ResponseEntity.noContent().build()));
    }

    private Mono<ResponseEntity<ObjectNode>> replace(
            AdminCollection collection, String id, JsonNode body, String ifMatch, Caller caller) {
        mayWrite(caller);
        return Mono.fromCallable(() -> withinCallersRights(caller, AdminBodies.read(collection, body)))
                .flatMap(draft -> admin.replace(collection, id, draft, ifMatch, caller.toActor()))
                .map(saved -> saved(collection, saved));
    }

    private static ResponseEntity<ObjectNode> entity(AdminCollection collection, ConfigEntity entity) {
        return ResponseEntity.ok()
                .eTag(Long.toString(entity.getRevision()))
                .body(AdminBodies.render(collection, entity));
    }

    private static ResponseEntity<ObjectNode> saved(AdminCollection collection, Saved saved) {
        ObjectNode body = AdminBodies.render(collection, saved.entity());
        ResponseEntity.BodyBuilder response = saved.created()
                ? ResponseEntity.created(
                        URI.create(location(collection, saved.entity().getId())))
                : ResponseEntity.ok();
        response.eTag(Long.toString(saved.entity().getRevision()));
        if (saved.apiKey() != null) {
            // The only time the key is ever shown: no cache may keep it.
            body.put(AdminBodies.KEY, saved.apiKey());
            response.cacheControl(CacheControl.noStore());
        }
        return response.body(body);
    }

    private static String location(AdminCollection collection, String id) {
        return collection.singleton() ? BASE + "/" + collection.segment() : BASE + "/" + collection.path(id);
    }

    private static AdminCollection collection(String segment) {
        return AdminCollection.bySegment(segment)
                .orElseThrow(() -> ApiProblem.notFound(
                        "There is no admin collection '" + segment + "'; " + "GET " + BASE + " lists them."));
    }

    /** A collection whose entities have their own URL: every one but the settings. */
    private static AdminCollection entityCollection(String segment) {
        AdminCollection collection = collection(segment);
        if (collection.singleton()) {
            ApiProblem problem = new ApiProblem(
                    HttpStatus.METHOD_NOT_ALLOWED,
                    null,
                    "The settings are one entity: GET or PUT " + BASE + "/settings.",
                    List.of());
            problem.getHeaders().setAllow(new LinkedHashSet<>(List.of(HttpMethod.GET, HttpMethod.PUT)));
            throw problem;
        }
        return collection;
    }

    /**
     * An API key may configure Helpstream within its scopes, never beyond them: it cannot make an
     * administrator, nor an API key with a scope it does not hold itself.
     */
    static AdminBodies.Draft withinCallersRights(Caller caller, AdminBodies.Draft draft) {
        if (!caller.isIntegration()) {
            return draft;
        }
        if (draft.payload() instanceof Agent agent && agent.getRole() == AgentRole.ADMIN) {
            throw new ApiProblem(
                    HttpStatus.FORBIDDEN,
                    null,
                    "An API key cannot make an administrator.",
                    List.of(new FieldError("role", "must be AGENT for an API key")));
        }
        if (draft.payload() instanceof ApiKey key) {
            List<FieldError> beyond = new ArrayList<>();
            for (int i = 0; i < key.getScopes().size(); i++) {
                if (!caller.hasScope(key.getScopes().get(i))) {
                    beyond.add(new FieldError("scopes[" + i + "]", "is not a scope of the calling key"));
                }
            }
            if (!beyond.isEmpty()) {
                throw new ApiProblem(
                        HttpStatus.FORBIDDEN, null, "An API key cannot grant scopes it does not hold.", beyond);
            }
        }
        return draft;
    }

    static void mayRead(Caller caller) {
        authenticated(caller);
        if (!caller.isAdmin()
                && !caller.hasScope(Caller.SCOPE_CONFIG_READ)
                && !caller.hasScope(Caller.SCOPE_CONFIG_WRITE)) {
            throw ApiProblem.forbidden("Reading the configuration needs an admin or the scope config:read.");
        }
    }

    static void mayWrite(Caller caller) {
        authenticated(caller);
        if (!caller.isAdmin() && !caller.hasScope(Caller.SCOPE_CONFIG_WRITE)) {
            throw ApiProblem.forbidden("Changing the configuration needs an admin or the scope config:write.");
        }
    }

    private static void authenticated(Caller caller) {
        if (caller == null) {
            throw new ApiProblem(
                    HttpStatus.UNAUTHORIZED,
                    null,
                    "Sign in as an admin, or send an API key with the config scopes.",
                    List.of());
        }
    }
}
