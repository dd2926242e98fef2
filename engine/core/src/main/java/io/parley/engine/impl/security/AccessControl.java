package io.parley.engine.impl.security;

import io.parley.engine.api.TenantId;
import io.parley.engine.api.security.Principal;
import io.parley.engine.api.security.Role;
import io.parley.engine.spi.storage.ApiKeyStore.ApiKey;
import io.parley.engine.spi.storage.AuditLog;
import io.parley.engine.spi.storage.AuditLog.AuditEvent;
import io.parley.engine.spi.storage.SessionStore.Session;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.storage.TenantStore.Tenant;
import io.parley.engine.spi.storage.UserStore.User;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Tenants, users, API keys and console sessions, and the audit log of what is done with them. An
 * API key is {@code pk_<id>_<secret>}: the id finds the stored key, the secret is checked against its
 * Argon2id hash once per process, then the key's stored state (revoked, expired) is re-read at most
 * every {@link #KEY_RECHECK}, so a revocation, even by another process, takes effect within it.
 */
public final class AccessControl {
    /** How long a verified key is trusted before its stored state is read again. */
    public static final Duration KEY_RECHECK = Duration.ofSeconds(1);
    /** A key's last use is written at most this often. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    /** A session's last activity is written at most this often (idle expiry is coarser). */
    private static final Duration SESSION_TOUCH_EVERY = Duration.ofSeconds(30);
    public static final int MIN_PASSWORD_LENGTH = 10;
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Pattern KEY_ID = Pattern.compile("[a-z0-9]{12}");
    private static final String KEY_PREFIX = "pk_";

    /** A key as issued: the token is shown once and stored nowhere. */
    public record IssuedKey(String token, ApiKey key) {
    }

    /** A signed-in session: the token goes into the cookie and is stored only as its hash. */
    public record SignIn(String token, Session session) {
    }

    private record VerifiedKey(ApiKey key, Instant checkedAt) {
    }

    private final Storage storage;
    private final Clock clock;
    private final Duration sessionIdle;
    /** Token → the key it was verified as: the Argon2id check runs once per token and process. */
    private final Map<String, VerifiedKey> verified = new ConcurrentHashMap<>();
    private final Map<String, Instant> touched = new ConcurrentHashMap<>();
    /**
     * Key id → failed secret checks in the current minute: whoever knows a key's id (not its
     * secret) could otherwise make the server run Argon2id once per request.
     */
    private final Map<String, FailedChecks> failures = new ConcurrentHashMap<>();
    /** Failed secret checks of one key id allowed per minute; more are refused without hashing. */
    static final int FAILED_CHECKS_PER_MINUTE = 10;

    private record FailedChecks(Instant since, int count) {
    }

    /** @param sessionIdle a console session unused this long is signed out */
    public AccessControl(Storage storage, Clock clock, Duration sessionIdle) {
        this.storage = storage;
        this.clock = clock;
        this.sessionIdle = sessionIdle;
    }

    public Duration sessionIdle() {
        return sessionIdle;
    }

    // ---- tenants

    /** @return false when it exists already */
    public boolean createTenant(TenantId id, String name, String actor, String address) {
        boolean created = storage.tenants().create(new Tenant(id, name == null || name.isBlank() ? id.value() : name.strip(), clock.instant()));
        if (created) {
            record(id, actor, "tenant.create", id.value(), "", address);
        }
        return created;
    }

    public Optional<Tenant> tenant(TenantId id) {
        return storage.tenants().find(id);
    }

    public List<Tenant> tenants() {
        return storage.tenants().all();
    }

    // ---- users

    /**
     * @throws IllegalArgumentException naming what is wrong: the name, the password's length, an unknown tenant, a taken name
     */
    public User createUser(TenantId tenant, String name, Role role, String password, String actor, String address) {
        if (name == null || !USER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid user name '" + name + "': 1-64 letters, digits and . _ @ -, starting with a letter or digit");
        }
        requirePassword(password);
        requireTenant(tenant);
        User user = new User(name, tenant, role, Secrets.hash(password), clock.instant());
        if (!storage.users().create(user)) {
            throw new IllegalArgumentException("user name '" + name + "' is taken");
        }
        record(tenant, actor, "user.create", name, "role " + role.id(), address);
        return user;
    }

    public List<User> users(TenantId tenant) {
        return storage.users().forTenant(tenant);
    }

    private static void requirePassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("the password must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
    }

    private void requireTenant(TenantId tenant) {
        if (storage.tenants().find(tenant).isEmpty()) {
            throw new IllegalArgumentException("no tenant '" + tenant + "': create it first (parley tenants create " + tenant + ")");
        }
    }

    // ---- API keys

    /**
     * @param expiresAt null: never
     * @throws IllegalArgumentException for an unknown tenant or an expiry in the past
     */
    public IssuedKey createKey(TenantId tenant, Role role, String name, Instant expiresAt, String actor, String address) {
        requireTenant(tenant);
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("the expiry " + expiresAt + " is in the past");
        }
        String id = Secrets.randomId(12);
        String secret = Secrets.randomToken(32);
        ApiKey key = new ApiKey(id, tenant, role, name == null || name.isBlank() ? role.id() : name.strip(),
                Secrets.hash(secret), actor, now, expiresAt, null, null);
        storage.apiKeys().create(key);
        record(tenant, actor, "key.create", id, "role " + role.id() + ", name " + key.name()
                + (expiresAt == null ? "" : ", expires " + expiresAt), address);
        return new IssuedKey(KEY_PREFIX + id + "_" + secret, key);
    }

    /**
     * Registers a key the operator made (e.g. {@code PARLEY_ADMIN_KEY} for an unattended first
     * start): {@code pk_} + 12 lowercase letters or digits + {@code _} + a secret of at least 32 characters.
     *
     * @return false when a key with its id is registered already
     * @throws IllegalArgumentException when the token is not shaped like a key
     */
    public boolean registerKey(String token, TenantId tenant, Role role, String name, String actor) {
        if (token == null || !token.matches("pk_[a-z0-9]{12}_[A-Za-z0-9_-]{32,}")) {
            throw new IllegalArgumentException("a key is pk_ + 12 lowercase letters or digits + _ + a secret of at least "
                    + "32 letters, digits, - or _ (e.g. make one with: parley keys create)");
        }
        requireTenant(tenant);
        String id = token.substring(KEY_PREFIX.length(), KEY_PREFIX.length() + 12);
        if (storage.apiKeys().find(id).isPresent()) {
            return false;
        }
        storage.apiKeys().create(new ApiKey(id, tenant, role, name, Secrets.hash(token.substring(KEY_PREFIX.length() + 13)),
                actor, clock.instant(), null, null, null));
        record(tenant, actor, "key.create", id, "role " + role.id() + ", name " + name + ", registered from the environment", "");
        return true;
    }

    public List<ApiKey> keys(TenantId tenant) {
        return storage.apiKeys().forTenant(tenant);
    }

    /** Revokes a key of this tenant; false when the tenant has no such active key. */
    public boolean revokeKey(TenantId tenant, String keyId, String actor, String address) {
        Optional<ApiKey> key = storage.apiKeys().find(keyId).filter(k -> k.tenant().equals(tenant));
        if (key.isEmpty() || !storage.apiKeys().revoke(keyId, clock.instant())) {
            return false;
        }
        verified.values().removeIf(v -> v.key().id().equals(keyId));
        record(tenant, actor, "key.revoke", keyId, key.get().name(), address);
        return true;
    }

    /** The key's holder, when the token is a key that exists, matches, and is neither expired nor revoked. */
    public Optional<Principal> authenticateKey(String token, String address) {
        if (token == null || !token.startsWith(KEY_PREFIX) || token.length() < KEY_PREFIX.length() + 14) {
            return Optional.empty();
        }
        String id = token.substring(KEY_PREFIX.length(), KEY_PREFIX.length() + 12);
        if (!KEY_ID.matcher(id).matches() || token.charAt(KEY_PREFIX.length() + 12) != '_') {
            return Optional.empty();
        }
        Instant now = clock.instant();
        VerifiedKey cached = verified.get(token);
        ApiKey key;
        if (cached != null && Duration.between(cached.checkedAt(), now).compareTo(KEY_RECHECK) < 0) {
            key = cached.key();
        } else {
            Optional<ApiKey> stored = storage.apiKeys().find(id);
            if (stored.isEmpty()) {
                verified.remove(token);
                return Optional.empty();
            }
            key = stored.get();
            if (cached == null) {
                FailedChecks failed = failures.get(id);
                if (failed != null && Duration.between(failed.since(), now).toMinutes() < 1
                        && failed.count() >= FAILED_CHECKS_PER_MINUTE) {
                    return Optional.empty();
                }
                if (!Secrets.verify(token.substring(KEY_PREFIX.length() + 13), key.secretHash())) {
                    failures.merge(id, new FailedChecks(now, 1), (before, one) -> Duration.between(before.since(), now).toMinutes() < 1
                            ? new FailedChecks(before.since(), before.count() + 1) : one);
                    return Optional.empty();
                }
            }
            verified.put(token, new VerifiedKey(key, now));
        }
        if (!key.activeAt(now)) {
            return Optional.empty();
        }
        Instant last = touched.get(id);
        if (last == null || Duration.between(last, now).compareTo(TOUCH_EVERY) >= 0) {
            touched.put(id, now);
            storage.apiKeys().touch(id, now);
        }
        return Optional.of(new Principal(key.tenant(), "key:" + id, key.role(), key.name(), address));
    }

    // ---- console sessions

    /** Signs a user in; empty (and audited as a failure) when the name or password is wrong. */
    public Optional<SignIn> signIn(String userName, String password, String address) {
        Optional<User> user = userName == null ? Optional.empty() : storage.users().find(userName);
        // The hash is computed for unknown users too, so that the reply's timing does not tell which names exist.
        boolean matches = Secrets.verify(password == null ? "" : password,
                user.map(User::passwordHash).orElse(UNKNOWN_USER_HASH));
        if (user.isEmpty() || !matches) {
            user.ifPresent(u -> record(u.tenant(), u.name(), "auth.sign-in-failed", u.name(), "wrong password", address));
            return Optional.empty();
        }
        Instant now = clock.instant();
        String token = Secrets.randomToken(32);
        Session session = new Session(Secrets.sha256(token), user.get().name(), user.get().tenant(), user.get().role(),
                Secrets.randomToken(32), now, now);
        storage.sessions().create(session);
        record(session.tenant(), session.user(), "auth.sign-in", session.user(), "", address);
        return Optional.of(new SignIn(token, session));
    }

    private static final String UNKNOWN_USER_HASH = Secrets.hash(Secrets.randomToken(16));

    /** The session of this cookie token, unless it has been idle longer than {@link #sessionIdle()} (then it is removed). */
    public Optional<Session> session(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        String hash = Secrets.sha256(token);
        Optional<Session> session = storage.sessions().find(hash);
        Instant now = clock.instant();
        if (session.isPresent() && Duration.between(session.get().lastSeenAt(), now).compareTo(sessionIdle) >= 0) {
            storage.sessions().delete(hash);
            return Optional.empty();
        }
        session.filter(s -> Duration.between(s.lastSeenAt(), now).compareTo(SESSION_TOUCH_EVERY) >= 0)
                .ifPresent(s -> storage.sessions().touch(hash, now));
        return session;
    }

    public void signOut(String token, String address) {
        session(token).ifPresent(session -> {
            storage.sessions().delete(session.tokenHash());
            record(session.tenant(), session.user(), "auth.sign-out", session.user(), "", address);
        });
    }

    // ---- audit

    public AuditLog auditLog(TenantId tenant) {
        return storage.tenant(tenant).audit();
    }

    /** Records an event in the tenant's audit log. */
    public void record(TenantId tenant, String actor, String action, String target, String detail, String address) {
        storage.tenant(tenant).audit().record(new AuditEvent(clock.instant(), actor, action, target == null ? "" : target,
                detail == null ? "" : detail, address == null ? "" : address));
    }

    public void record(Principal principal, String action, String target, String detail) {
        record(principal.tenant(), principal.actor(), action, target, detail, principal.address());
    }
}
