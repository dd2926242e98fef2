package io.parley.plugins.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    private static final Backoff NO_JITTER = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 1.0);

    @Test
    void doublesFromTheInitialPauseUpToTheCap() {
        assertThat(IntStream.rangeClosed(1, 8).mapToObj(failures -> NO_JITTER.after(failures, null).toMillis()))
                .containsExactly(500L, 1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L);
        assertThat(NO_JITTER.after(1_000, null)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void jitterKeepsAtLeastHalfOfThePause() {
        Backoff mostJitter = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.0);

        assertThat(mostJitter.after(1, null)).isEqualTo(Duration.ofMillis(250));
        assertThat(mostJitter.after(3, null)).isEqualTo(Duration.ofMillis(1_000));
    }

    @Test
    void aLongerRetryAfterWinsWithinTheCap() {
        assertThat(NO_JITTER.after(1, Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
        assertThat(NO_JITTER.after(2, Duration.ofMillis(100))).isEqualTo(Duration.ofSeconds(1));
        assertThat(NO_JITTER.after(1, Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(30));
    }
}
