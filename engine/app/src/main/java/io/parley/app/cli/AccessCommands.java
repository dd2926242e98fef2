package io.parley.app.cli;

import io.parley.app.CliException;
import io.parley.engine.api.TenantId;
import io.parley.engine.api.security.Role;
import io.parley.engine.impl.security.AccessControl;
import io.parley.engine.spi.storage.ApiKeyStore.ApiKey;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.storage.TenantStore.Tenant;
import io.parley.engine.spi.storage.UserStore.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.Console;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code parley tenants|keys|users}: who may use the API and the console, managed on the data
 * directory (or {@code --mongo-uri}) like the other storage commands, with the server stopped when
 * the storage is embedded. What they do is audited in the tenant's log with the actor {@code cli}.
 */
final class AccessCommands {
    static final String ACTOR = "cli";

    private AccessCommands() {
    }

    /** Opens storage, runs the work with the access control over it, closes it. */
    private static <T> T withAccess(StorageOptions options, Function<AccessControl, T> work) {
        try (Storage storage = options.open()) {
            AccessControl access = new AccessControl(storage, Clock.systemUTC(), Duration.ofMinutes(30));
            // The default tenant always exists: it holds the data from before tenants.
            access.createTenant(TenantId.DEFAULT, TenantId.DEFAULT.value(), ACTOR, "");
            return work.apply(access);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2);
        }
    }

    private static Role role(String value) {
        try {
            return Role.of(value);
        } catch (IllegalArgumentException e) {
            throw new CliException("--role: " + e.getMessage(), 2);
        }
    }

    @Command(name = "tenants", mixinStandardHelpOptions = true, description = "The brands sharing this installation.",
            subcommands = {Tenants.Create.class, Tenants.ListTenants.class})
    static final class Tenants {
        @Command(name = "create", mixinStandardHelpOptions = true, description = "Registers a tenant (its data starts empty).")
        static final class Create implements Callable<Integer> {
            @Mixin
            StorageOptions storageOptions;

            @Parameters(paramLabel = "ID", description = "1-40 lowercase letters, digits and hyphens, e.g. acme-retail.")
            String id;

            @Option(names = "--name", description = "A display name (default: the id).")
            String name;

            @Override
            public Integer call() {
                TenantId tenant;
                try {
                    tenant = TenantId.of(id);
                } catch (IllegalArgumentException e) {
                    throw new CliException(e.getMessage(), 2);
                }
                boolean created = withAccess(storageOptions, access -> access.createTenant(tenant, name, ACTOR, ""));
                if (!created && !tenant.equals(TenantId.DEFAULT)) {
                    throw new CliException("tenant '" + tenant + "' exists already", 1);
                }
                System.out.println("tenant " + tenant + " created; next: parley keys create --tenant " + tenant + " --role tenant-admin");
                return 0;
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "Every tenant, by id.")
        static final class ListTenants implements Callable<Integer> {
            @Mixin
            StorageOptions storageOptions;

            @Override
            public Integer call() {
                for (Tenant tenant : withAccess(storageOptions, AccessControl::tenants)) {
                    System.out.printf("%-40s  %-30s  created %s%n", tenant.id(), tenant.name(), tenant.createdAt());
                }
                return 0;
            }
        }
    }

    @Command(name = "keys", mixinStandardHelpOptions = true, description = "API keys: Authorization: Bearer <key>.",
            subcommands = {Keys.Create.class, Keys.ListKeys.class, Keys.Revoke.class})
    static final class Keys {
        @Command(name = "create", mixinStandardHelpOptions = true,
                description = {"Makes a key for --tenant with a role and prints it: it is shown only now, and stored only as a hash.",
                        "Roles: admin, tenant-admin, solution-engineer, qa-lead, reviewer, agent, read-only (docs/security.md)."})
        static final class Create implements Callable<Integer> {
            @Mixin
            StorageOptions storageOptions;

            @Option(names = "--role", required = true, description = "What the key may do.")
            String role;

            @Option(names = "--name", description = "What the key is for (an agent key: the agent's id). Default: the role.")
            String name;

            @Option(names = "--expires", paramLabel = "WHEN",
                    description = "A date (2027-06-30, end of that day UTC), an instant, or a duration from now (90d, 12h). Default: never.")
            String expires;

            @Override
            public Integer call() {
                Role granted = role(role);
                Instant expiresAt = expires == null ? null : expiry(expires, Instant.now());
                AccessControl.IssuedKey issued = withAccess(storageOptions, access ->
                        access.createKey(storageOptions.tenant(), granted, name, expiresAt, ACTOR, ""));
                System.out.println(issued.token());
                System.err.printf("key %s for tenant %s, role %s%s: shown only now, keep it%n", issued.key().id(),
                        issued.key().tenant(), granted.id(), expiresAt == null ? "" : ", expires " + expiresAt);
                return 0;
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "The tenant's keys, newest first (never their secrets).")
        static final class ListKeys implements Callable<Integer> {
            @Mixin
            StorageOptions storageOptions;

            @Override
            public Integer call() {
                Instant now = Instant.now();
                System.out.printf("%-12s  %-17s  %-24s  %-8s  %-20s  %s%n", "id", "role", "name", "state", "last used", "expires");
                for (ApiKey key : withAccess(storageOptions, access -> access.keys(storageOptions.tenant()))) {
                    String state = key.revokedAt() != null ? "revoked" : key.activeAt(now) ? "active" : "expired";
                    System.out.printf("%-12s  %-17s  %-24s  %-8s  %-20s  %s%n", key.id(), key.role().id(), key.name(), state,
                            key.lastUsedAt() == null ? "never" : key.lastUsedAt(), key.expiresAt() == null ? "never" : key.expiresAt());
                }
                return 0;
            }
        }

        @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a key of --tenant: refused from then on.")
        static final class Revoke implements Callable<Integer> {
            @Mixin
            StorageOptions storageOptions;

            @Parameters(paramLabel = "ID", description = "The key's id (the 12 characters after pk_).")
            String id;

            @Override
            public Integer call() {
                String keyId = id.startsWith("pk_") && id.length() >= 15 ? id.substring(3, 15) : id;
                if (!withAccess(storageOptions, access -> access.revokeKey(storageOptions.tenant(), keyId, ACTOR, ""))) {
                    throw new CliException("tenant " + storageOptions.tenant() + " has no active key '" + keyId
                            + "' (parley keys list --tenant " + storageOptions.tenant() + ")", 1);
                }
                System.out.println("key " + keyId + " revoked");
                return 0;
            }
        }

        /** When a key given {@code --expires} expires. */
        static Instant expiry(String value, Instant now) {
            String text = value.strip();
            try {
                if (text.matches("\\d+[dh]")) {
                    long amount = Long.parseLong(text.substring(0, text.length() - 1));
                    return now.plus(text.endsWith("d") ? Duration.ofDays(amount) : Duration.ofHours(amount));
                }
                if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                    return LocalDate.parse(text).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
                }
                return Instant.parse(text);
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new CliException("--expires '" + value + "': use a date (2027-06-30), an instant (2027-06-30T12:00:00Z) "
                        + "or a duration (90d, 12h)", 2);
            }
        }
    }

    @Command(name = "users", mixinStandardHelpOptions = true, description = "People who sign in to the console.",
            subcommands = {Users.Create.class, Users.ListUsers.class})
    static final class Users {
        @Command(name = "create", mixinStandardHelpOptions = true,
                description = {"Makes a console user of --tenant, with a password stored hashed (Argon2id).",
                        "The password comes from $PARLEY_PASSWORD, else it is asked for (or read as the first line of "
                                + "standard input when that is not a terminal)."})
        static final class Create implements Callable<Integer> {
            @Mixin
            StorageOptions storageOptions;

            @Parameters(paramLabel = "NAME", description = "The user name they sign in with (unique across tenants).")
            String name;

            @Option(names = "--role", required = true, description = "What they may do.")
            String role;

            @Override
            public Integer call() {
                Role granted = role(role);
                String password = password();
                withAccess(storageOptions, access -> access.createUser(storageOptions.tenant(), name, granted, password, ACTOR, ""));
                System.out.println("user " + name + " created in tenant " + storageOptions.tenant() + " as " + granted.id());
                return 0;
            }

            private static String password() {
                String fromEnvironment = System.getenv("PARLEY_PASSWORD");
                if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
                    return fromEnvironment;
                }
                Console console = System.console();
                if (console == null) {
                    try {
                        String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                                java.nio.charset.StandardCharsets.UTF_8)).readLine();
                        if (line == null || line.isEmpty()) {
                            throw new CliException("no password: set PARLEY_PASSWORD, or pipe it in as one line", 2);
                        }
                        return line;
                    } catch (java.io.IOException e) {
                        throw new CliException("cannot read the password from standard input: " + e.getMessage(), 2);
                    }
                }
                char[] first = console.readPassword("password (at least %d characters): ", AccessControl.MIN_PASSWORD_LENGTH);
                char[] again = console.readPassword("again: ");
                if (first == null || again == null || !String.valueOf(first).equals(String.valueOf(again))) {
                    throw new CliException("the passwords differ", 2);
                }
                return String.valueOf(first);
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "The tenant's users.")
        static final class ListUsers implements Callable<Integer> {
            @Mixin
            StorageOptions storageOptions;

            @Override
            public Integer call() {
                for (User user : withAccess(storageOptions, access -> access.users(storageOptions.tenant()))) {
                    System.out.printf("%-30s  %-17s  created %s%n", user.name(), user.role().id(), user.createdAt());
                }
                return 0;
            }
        }
    }
}
