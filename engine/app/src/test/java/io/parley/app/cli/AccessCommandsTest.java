package io.parley.app.cli;

import io.parley.engine.api.TenantId;
import io.parley.engine.api.security.Role;
import io.parley.engine.impl.security.AccessControl;
import io.parley.engine.spi.storage.Storage;
import io.parley.storage.mongo.StorageFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** parley tenants|keys|users on a data directory. */
class AccessCommandsTest {
    @TempDir
    Path dir;

    private ConsoleCapture run(String... args) {
        String[] withData = new String[args.length + 2];
        System.arraycopy(args, 0, withData, 0, args.length);
        withData[args.length] = "--data-dir";
        withData[args.length + 1] = dir.toString();
        return ConsoleCapture.run(withData);
    }

    @Test
    void aTenantGetsAKeyThatWorksUntilItIsRevoked() {
        ConsoleCapture created = run("tenants", "create", "acme-retail", "--name", "Acme Retail");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(run("tenants", "create", "acme-retail").exitCode()).isEqualTo(1);
        assertThat(run("tenants", "create", "Acme!").err()).contains("invalid tenant id 'Acme!'");
        assertThat(run("tenants", "list").out()).contains("acme-retail").contains("Acme Retail").contains("default");

        ConsoleCapture key = run("keys", "create", "--tenant", "acme-retail", "--role", "qa-lead", "--name", "ci", "--expires", "90d");
        assertThat(key.exitCode()).as(key.err()).isZero();
        String token = key.out().strip();
        assertThat(token).matches("pk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}");
        assertThat(key.err()).contains("for tenant acme-retail, role qa-lead", "shown only now");
        String id = token.substring(3, 15);
        assertThat(run("keys", "list", "--tenant", "acme-retail").out()).contains(id, "qa-lead", "ci", "active")
                .doesNotContain(token.substring(16));
        assertThat(run("keys", "list").out()).as("the default tenant's keys").doesNotContain(id);

        try (Storage storage = StorageFactory.open(dir, null)) {
            var principal = new AccessControl(storage, Clock.systemUTC(), Duration.ofMinutes(1)).authenticateKey(token, "")
                    .orElseThrow();
            assertThat(principal.tenant()).isEqualTo(TenantId.of("acme-retail"));
            assertThat(principal.role()).isEqualTo(Role.QA_LEAD);
            assertThat(storage.apiKeys().find(id).orElseThrow().expiresAt())
                    .isBetween(Instant.now().plus(Duration.ofDays(89)), Instant.now().plus(Duration.ofDays(91)));
        }

        assertThat(run("keys", "revoke", id).exitCode()).as("another tenant's key").isEqualTo(1);
        ConsoleCapture revoked = run("keys", "revoke", token, "--tenant", "acme-retail");
        assertThat(revoked.exitCode()).as(revoked.err()).isZero();
        assertThat(run("keys", "list", "--tenant", "acme-retail").out()).contains("revoked");
        try (Storage storage = StorageFactory.open(dir, null)) {
            assertThat(new AccessControl(storage, Clock.systemUTC(), Duration.ofMinutes(1)).authenticateKey(token, "")).isEmpty();
            assertThat(storage.tenant(TenantId.of("acme-retail")).audit().find(Instant.EPOCH, Instant.now().plusSeconds(1), "key.", 10))
                    .extracting(event -> event.action() + " " + event.actor()).containsExactly("key.revoke cli", "key.create cli");
        }
    }

    @Test
    void badRolesExpiriesAndUnknownTenantsAreClearErrors() {
        assertThat(run("keys", "create", "--role", "superuser").err()).contains("--role: unknown role 'superuser'");
        assertThat(run("keys", "create", "--role", "reviewer", "--expires", "soon").err()).contains("--expires 'soon'");
        assertThat(run("keys", "create", "--tenant", "nobody", "--role", "reviewer").err())
                .contains("no tenant 'nobody': create it first (parley tenants create nobody)");
    }

    @Test
    void aUserIsCreatedWithAHashedPasswordFromStandardInput() {
        InputStream original = System.in;
        try {
            System.setIn(new ByteArrayInputStream("a long enough password\n".getBytes(StandardCharsets.UTF_8)));
            ConsoleCapture created = run("users", "create", "li.qa", "--role", "reviewer");
            assertThat(created.exitCode()).as(created.err()).isZero();
            System.setIn(new ByteArrayInputStream("short\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(run("users", "create", "zhao", "--role", "reviewer").err()).contains("at least 10 characters");
        } finally {
            System.setIn(original);
        }
        assertThat(run("users", "list").out()).contains("li.qa", "reviewer");
        try (Storage storage = StorageFactory.open(dir, null)) {
            assertThat(storage.users().find("li.qa").orElseThrow().passwordHash()).startsWith("$argon2id$");
            assertThat(new AccessControl(storage, Clock.systemUTC(), Duration.ofMinutes(1))
                    .signIn("li.qa", "a long enough password", "").orElseThrow().session().role()).isEqualTo(Role.REVIEWER);
        }
    }
}
