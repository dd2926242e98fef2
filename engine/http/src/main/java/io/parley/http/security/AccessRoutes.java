package io.parley.http.security;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.parley.engine.api.TenantId;
import io.parley.engine.api.security.Permission;
import io.parley.engine.api.security.Principal;
import io.parley.engine.api.security.Role;
import io.parley.engine.impl.security.AccessControl;
import io.parley.engine.spi.storage.ApiKeyStore.ApiKey;
import io.parley.engine.spi.storage.AuditLog.AuditEvent;
import io.parley.engine.spi.storage.UserStore.User;
import io.parley.http.Authenticator;
import io.parley.http.HttpProblem;
import io.parley.http.HttpSettings;
import io.parley.http.JsonBody;
import io.parley.http.Reply;
import io.parley.http.Request;
import io.parley.http.RouteModule;
import io.parley.http.Routes;
import io.parley.http.Routes.BodyLimit;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signing in and out, and managing who may: the tenant's API keys and users (tenant admins), its
 * audit log, and tenants themselves (the platform admin). Nobody grants a role that can do more than
 * their own.
 */
public final class AccessRoutes implements RouteModule {
    public static final String SESSION = "/api/v1/session";
    private static final BodyLimit SMALL_JSON = BodyLimit.of(16 * 1024);
    private static final int MAX_AUDIT_EVENTS = 1_000;

    private final AccessControl access;
    private final HttpSettings settings;
    private final RateLimiterRegistry signInLimits;

    public AccessRoutes(AccessControl access, HttpSettings settings) {
        this.access = access;
        this.settings = settings;
        this.signInLimits = RateLimiterRegistry.of(RateLimiterConfig.custom().limitForPeriod(settings.signInsPerMinute())
                .limitRefreshPeriod(Duration.ofMinutes(1)).timeoutDuration(Duration.ZERO).build());
    }

    @Override
    public void register(Routes routes) {
        routes.publicPost(SESSION, SMALL_JSON, this::signIn)
                .get(SESSION, Permission.SESSION, this::whoAmI)
                .delete(SESSION, Permission.SESSION, this::signOut)
                .get("/api/v1/keys", Permission.ACCESS_MANAGE, request -> Reply.of(200, keys(request.tenant())))
                .post("/api/v1/keys", Permission.ACCESS_MANAGE, SMALL_JSON, request -> createKey(request, request.tenant()))
                .delete("/api/v1/keys/:id", Permission.ACCESS_MANAGE, this::revokeKey)
                .get("/api/v1/users", Permission.ACCESS_MANAGE, request -> Reply.of(200, users(request.tenant())))
                .post("/api/v1/users", Permission.ACCESS_MANAGE, SMALL_JSON, request -> createUser(request, request.tenant()))
                .get("/api/v1/audit", Permission.AUDIT_READ, this::audit)
                .get("/api/v1/tenants", Permission.TENANTS_MANAGE, request -> Reply.of(200, access.tenants()))
                .post("/api/v1/tenants", Permission.TENANTS_MANAGE, SMALL_JSON, this::createTenant)
                .post("/api/v1/tenants/:tenant/keys", Permission.TENANTS_MANAGE, SMALL_JSON,
                        request -> createKey(request, existingTenant(request)))
                .post("/api/v1/tenants/:tenant/users", Permission.TENANTS_MANAGE, SMALL_JSON,
                        request -> createUser(request, existingTenant(request)));
    }

    private Reply signIn(Request request) {
        if (!signInLimits.rateLimiter(request.address()).acquirePermission()) {
            return new HttpProblem(429, "more than " + settings.signInsPerMinute() + " sign-in attempts a minute from "
                    + "this address; wait a minute").reply().with("Retry-After", "60");
        }
        JsonBody body = request.jsonObject();
        String user = body.requiredText("user");
        String password = body.requiredText("password");
        AccessControl.SignIn signIn = access.signIn(user, password, request.address())
                .orElseThrow(() -> new HttpProblem(401, "wrong user name or password"));
        String cookie = Authenticator.SESSION_COOKIE + "=" + signIn.token() + "; Path=/; HttpOnly; SameSite=Strict"
                + "; Max-Age=" + access.sessionIdle().toSeconds() + (settings.secureCookies() ? "; Secure" : "");
        return Reply.of(200, session(signIn.session().user(), signIn.session().tenant(), signIn.session().role(),
                signIn.session().csrfToken())).with("Set-Cookie", cookie);
    }

    private Reply whoAmI(Request request) {
        Principal principal = request.principal();
        String csrf = request.cookie(Authenticator.SESSION_COOKIE)
                .flatMap(access::session).map(s -> s.csrfToken()).orElse(null);
        return Reply.of(200, session(principal.actor(), principal.tenant(), principal.role(), csrf));
    }

    private Map<String, Object> session(String actor, TenantId tenant, Role role, String csrfToken) {
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("user", actor);
        session.put("tenant", tenant.value());
        session.put("role", role.id());
        session.put("permissions", role.permissions().stream().map(Enum::name).sorted().toList());
        session.put("csrfToken", csrfToken);
        session.put("idleTimeoutSeconds", access.sessionIdle().toSeconds());
        return session;
    }

    private Reply signOut(Request request) {
        request.cookie(Authenticator.SESSION_COOKIE).ifPresent(token -> access.signOut(token, request.address()));
        return Reply.of(204, null).with("Set-Cookie", Authenticator.SESSION_COOKIE
                + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    }

    private List<Map<String, Object>> keys(TenantId tenant) {
        return access.keys(tenant).stream().map(AccessRoutes::describe).toList();
    }

    /** A key as listed: never its hash. */
    static Map<String, Object> describe(ApiKey key) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("id", key.id());
        described.put("tenant", key.tenant().value());
        described.put("role", key.role().id());
        described.put("name", key.name());
        described.put("createdBy", key.createdBy());
        described.put("createdAt", key.createdAt());
        described.put("expiresAt", key.expiresAt());
        described.put("revokedAt", key.revokedAt());
        described.put("lastUsedAt", key.lastUsedAt());
        described.put("active", key.activeAt(Instant.now()));
        return described;
    }

    private Reply createKey(Request request, TenantId tenant) {
        JsonBody body = request.jsonObject();
        Role role = grantable(request.principal(), role(body));
        Instant expiresAt = body.text("expiresAt").map(AccessRoutes::instant).orElse(null);
        Principal caller = request.principal();
        AccessControl.IssuedKey issued;
        try {
            issued = access.createKey(tenant, role, body.text("name").orElse(null), expiresAt, caller.actor(), caller.address());
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(e.getMessage()).with("field", "expiresAt");
        }
        Map<String, Object> created = new LinkedHashMap<>(describe(issued.key()));
        created.put("key", issued.token());
        created.put("note", "the key is shown only now: store it; Parley keeps only a hash of it");
        return Reply.of(201, created);
    }

    private Reply revokeKey(Request request) {
        Principal caller = request.principal();
        String id = request.pathParam("id");
        if (!access.revokeKey(caller.tenant(), id, caller.actor(), caller.address())) {
            throw HttpProblem.notFound("no active key '" + id + "' in tenant " + caller.tenant());
        }
        return Reply.of(204, null);
    }

    private List<Map<String, Object>> users(TenantId tenant) {
        return access.users(tenant).stream().map(user -> {
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("name", user.name());
            described.put("tenant", user.tenant().value());
            described.put("role", user.role().id());
            described.put("createdAt", user.createdAt());
            return described;
        }).toList();
    }

    private Reply createUser(Request request, TenantId tenant) {
        JsonBody body = request.jsonObject();
        Role role = grantable(request.principal(), role(body));
        String name = body.requiredText("name");
        Principal caller = request.principal();
        User user;
        try {
            user = access.createUser(tenant, name, role, body.requiredText("password"), caller.actor(), caller.address());
        } catch (IllegalArgumentException e) {
            boolean taken = e.getMessage().contains("taken");
            throw new HttpProblem(taken ? 409 : 400, e.getMessage())
                    .with("field", e.getMessage().contains("password") ? "password" : "name");
        }
        return Reply.of(201, Map.of("name", user.name(), "tenant", user.tenant().value(), "role", user.role().id()));
    }

    private Reply audit(Request request) {
        Instant to = request.query("to").map(AccessRoutes::instant).orElse(Instant.now().plusSeconds(1));
        Instant from = request.query("from").map(AccessRoutes::instant).orElse(to.minus(Duration.ofDays(30)));
        int limit = request.query("limit").map(value -> {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw HttpProblem.badRequest("?limit= must be a number, not '" + value + "'").with("field", "?limit");
            }
        }).orElse(100);
        if (limit < 1 || limit > MAX_AUDIT_EVENTS) {
            throw HttpProblem.badRequest("?limit= must be 1-" + MAX_AUDIT_EVENTS).with("field", "?limit");
        }
        List<AuditEvent> events = access.auditLog(request.tenant()).find(from, to, request.query("action").orElse(null), limit);
        return Reply.of(200, Map.of("from", from, "to", to, "events", events));
    }

    private Reply createTenant(Request request) {
        JsonBody body = request.jsonObject();
        TenantId id;
        try {
            id = TenantId.of(body.requiredText("id"));
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(e.getMessage()).with("field", "id");
        }
        Principal caller = request.principal();
        if (!access.createTenant(id, body.text("name").orElse(null), caller.actor(), caller.address())) {
            throw new HttpProblem(409, "tenant '" + id + "' exists already").with("field", "id");
        }
        return Reply.of(201, access.tenant(id).orElseThrow());
    }

    private TenantId existingTenant(Request request) {
        String value = request.pathParam("tenant");
        Optional<TenantId> id;
        try {
            id = Optional.of(TenantId.of(value)).filter(tenant -> access.tenant(tenant).isPresent());
        } catch (IllegalArgumentException e) {
            id = Optional.empty();
        }
        return id.orElseThrow(() -> HttpProblem.notFound("no tenant '" + value + "'"));
    }

    private static Role role(JsonBody body) {
        try {
            return Role.of(body.requiredText("role"));
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(e.getMessage()).with("field", "role");
        }
    }

    /** The role, when the caller may grant it: only roles whose permissions are all the caller's own. */
    private static Role grantable(Principal caller, Role role) {
        if (!caller.role().permissions().containsAll(role.permissions())) {
            throw new HttpProblem(403, "the role " + caller.role().id() + " cannot grant the role " + role.id()
                    + ", which may do more").with("field", "role");
        }
        return role;
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw HttpProblem.badRequest("'" + value + "' is not an instant like 2026-12-31T23:59:59Z");
        }
    }
}
