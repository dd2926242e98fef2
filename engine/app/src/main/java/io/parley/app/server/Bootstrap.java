package io.parley.app.server;

import io.parley.engine.api.TenantId;
import io.parley.engine.api.security.Role;
import io.parley.engine.impl.security.AccessControl;
import io.parley.engine.impl.security.Secrets;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.storage.UserStore.User;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Who can get in on a new installation. The first start on a storage without tenants (a new data
 * directory, or one from before tenants existed, whose data is the {@code default} tenant's)
 * registers the server's tenant and makes an admin key, printed once, or registers the one in
 * {@code PARLEY_ADMIN_KEY}. The demo makes a {@code demo} tenant with a user per role.
 */
public final class Bootstrap {
    public static final String ADMIN_KEY_ENV = "PARLEY_ADMIN_KEY";
    public static final TenantId DEMO = TenantId.of("demo");
    /** The demo's users, by role: the agent's name is an agent id of the sample dialogues, so they see their own. */
    static final Map<Role, String> DEMO_USERS = demoUsers();

    private Bootstrap() {
    }

    private static Map<Role, String> demoUsers() {
        Map<Role, String> users = new LinkedHashMap<>();
        users.put(Role.ADMIN, "root");
        users.put(Role.TENANT_ADMIN, "admin");
        users.put(Role.SOLUTION_ENGINEER, "engineer");
        users.put(Role.QA_LEAD, "qa-lead");
        users.put(Role.REVIEWER, "reviewer");
        users.put(Role.AGENT, "a-17");
        users.put(Role.READ_ONLY, "viewer");
        return users;
    }

    /**
     * @param adminKey {@code PARLEY_ADMIN_KEY}'s value, or null
     * @return whether this was the first start (and the tenant and key were made)
     */
    public static boolean firstStart(Storage storage, TenantId tenant, String adminKey, PrintStream out) {
        if (!storage.tenants().all().isEmpty()) {
            return false;
        }
        AccessControl access = new AccessControl(storage, Clock.systemUTC(), Duration.ofMinutes(30));
        access.createTenant(tenant, tenant.value(), "parley", "");
        if (adminKey != null && !adminKey.isBlank()) {
            access.registerKey(adminKey.strip(), tenant, Role.ADMIN, "admin (from " + ADMIN_KEY_ENV + ")", "parley");
            out.printf("First start: registered the admin key from $%s for tenant %s.%n", ADMIN_KEY_ENV, tenant);
            return true;
        }
        String token = access.createKey(tenant, Role.ADMIN, "first admin", null, "parley", "").token();
        out.printf("""
                First start on this storage: tenant '%1$s' and an admin key were created. The key is shown
                only now; keep it (a lost key is replaced with: parley keys create --tenant %1$s --role admin):
                  %2$s
                  e.g. curl -H 'Authorization: Bearer %2$s' http://localhost:8080/api/v1/session
                """, tenant, token);
        return true;
    }

    /** The demo tenant's way in: the users' shared password and a key for curl. */
    public record DemoAccess(String password, String key, Map<Role, String> users) {
    }

    /**
     * Makes the demo tenant, its users and a tenant-admin key on the first run; later runs read the
     * password and key back from {@code <dataDir>/demo-credentials.properties} (owner-only), so
     * every run can print how to sign in.
     */
    public static DemoAccess demo(Storage storage, Path dataDir) {
        Path file = dataDir.resolve("demo-credentials.properties");
        AccessControl access = new AccessControl(storage, Clock.systemUTC(), Duration.ofMinutes(30));
        Properties saved = new Properties();
        if (Files.exists(file) && storage.tenants().find(DEMO).isPresent()) {
            try (var reader = Files.newBufferedReader(file)) {
                saved.load(reader);
                return new DemoAccess(saved.getProperty("password"), saved.getProperty("key"), DEMO_USERS);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        access.createTenant(DEMO, "Demo brand", "parley", "");
        String password = Secrets.randomToken(12);
        DEMO_USERS.forEach((role, name) -> {
            if (storage.users().find(name).isEmpty()) {
                access.createUser(DEMO, name, role, password, "parley", "");
            } else {
                // A demo run whose credentials file was lost: the users keep their names, with the new password.
                var user = storage.users().find(name).orElseThrow();
                storage.users().update(new User(name, user.tenant(), user.role(),
                        Secrets.hash(password), user.createdAt()));
            }
        });
        String key = access.createKey(DEMO, Role.TENANT_ADMIN, "demo curl", null, "parley", "").token();
        saved.setProperty("password", password);
        saved.setProperty("key", key);
        try {
            Files.createDirectories(dataDir);
            Files.deleteIfExists(file);
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the file is as private as its directory.
            }
            try (var writer = Files.newBufferedWriter(file)) {
                saved.store(writer, "Parley demo: the demo tenant's users' password and a tenant-admin API key");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return new DemoAccess(password, key, DEMO_USERS);
    }

    /** How to sign in to the demo, for its banner. */
    public static List<String> describe(DemoAccess access, String base) {
        List<String> lines = new ArrayList<>();
        lines.add("sign in   " + base + "/console/  as any of " + String.join(", ", access.users().entrySet().stream()
                .map(e -> e.getValue() + " (" + e.getKey().id() + ")").toList()) + ", password " + access.password());
        lines.add("API key   curl -H 'Authorization: Bearer " + access.key() + "' " + base + "/api/v1/rulesets");
        return lines;
    }
}
