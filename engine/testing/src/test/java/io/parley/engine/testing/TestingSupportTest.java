package io.parley.engine.testing;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestingSupportTest {

    @Test
    void theTestClockMovesOnlyWhenTold() {
        TestClock clock = new TestClock(Instant.parse("2026-12-07T08:00:00Z"));

        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-07T08:00:00Z"));
        clock.advance(Duration.ofMinutes(4));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-07T08:04:00Z"));
        clock.set(Instant.EPOCH);
        assertThat(Instant.now(clock)).isEqualTo(Instant.EPOCH);
    }

    @Test
    void awaitReturnsWhatSatisfiedTheConditionAndFailsNamingWhatWasAwaited() {
        AtomicInteger polls = new AtomicInteger();
        assertThat(Await.until("three polls", Duration.ofSeconds(5), polls::incrementAndGet, n -> n >= 3)).isEqualTo(3);

        assertThatThrownBy(() -> Await.until("the impossible", Duration.ofMillis(120), () -> "never", "done"::equals))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the impossible did not happen within PT0.12S; last seen: never");
    }

    @Test
    void theRepositoryRootHoldsTheLauncherAndTheRootPom() {
        assertThat(SharedData.repositoryRoot()).hasValueSatisfying(root -> {
            assertThat(Files.isRegularFile(root.resolve("parley"))).isTrue();
            assertThat(root.resolve("engine").resolve("testing")).isDirectory();
        });
    }
}
