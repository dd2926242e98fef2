package io.parley.engine.impl.security;

import io.parley.engine.api.TenantId;
import io.parley.engine.api.security.Role;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.testing.TestClock;
import io.parley.storage.mongo.StorageFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AccessControlTest {
    @TempDir
    Path dir;
    private Storage storage;
    private final TestClock clock = new TestClock(Instant.parse("2026-12-07T10:00:00Z"));
    private AccessControl access;

    @BeforeEach
    void open() {
        storage = StorageFactory.open(dir, null);
        access = new AccessControl(storage, clock, Duration.ofMinutes(30));
        access.createTenant(TenantId.DEFAULT, "default", "test", "");
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void guessingTheSecretOfAKnownIdIsRefusedWithoutHashingAfterTenFailuresAMinute() {
        String token = access.createKey(TenantId.DEFAULT, Role.REVIEWER, "ci", null, "test", "").token();
        String guess = token.substring(0, 16) + "x".repeat(43);

        for (int i = 0; i < AccessControl.FAILED_CHECKS_PER_MINUTE; i++) {
            assertThat(access.authenticateKey(guess, "")).isEmpty();
        }
        long start = System.nanoTime();
        assertThat(access.authenticateKey(token, "")).as("even the right secret, until the minute is over").isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no Argon2id run").isLessThan(Duration.ofMillis(500));

        clock.advance(Duration.ofMinutes(1));
        assertThat(access.authenticateKey(token, "")).isPresent();
    }

    @Test
    void aKeyExpiresRevokesAndSignsInOnTheClock() {
        String token = access.createKey(TenantId.DEFAULT, Role.REVIEWER, "ci", clock.instant().plusSeconds(60), "test", "").token();
        assertThat(access.authenticateKey(token, "10.0.0.1")).hasValueSatisfying(principal -> {
            assertThat(principal.actor()).isEqualTo("key:" + token.substring(3, 15));
            assertThat(principal.address()).isEqualTo("10.0.0.1");
        });
        clock.advance(Duration.ofSeconds(61));
        assertThat(access.authenticateKey(token, "")).isEmpty();
        assertThat(access.authenticateKey("pk_short", "")).isEmpty();
        assertThat(access.authenticateKey("Bearer nothing", "")).isEmpty();
    }
}
