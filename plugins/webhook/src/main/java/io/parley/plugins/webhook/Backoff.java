package io.parley.plugins.webhook;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The pause before the next attempt: {@code initial × 2^(failures − 1)}, capped at {@code max},
 * scaled by a random factor in [0.5, 1] so that many results failing together do not retry in
 * step. A longer {@code Retry-After} from the server wins, within the same cap.
 *
 * @param random numbers in [0, 1]; injectable so tests can pin the jitter
 */
record Backoff(Duration initial, Duration max, DoubleSupplier random) {

    Duration after(int failedAttempts, Duration retryAfter) {
        // Doubling stops once past the cap; the shift stays far below overflow.
        long base = initial.toMillis() << Math.min(failedAttempts - 1, 30);
        long capped = Math.min(Math.max(base, 1), max.toMillis());
        long jittered = Math.round(capped * (0.5 + 0.5 * random.getAsDouble()));
        long wanted = retryAfter == null ? jittered : Math.max(jittered, retryAfter.toMillis());
        return Duration.ofMillis(Math.min(wanted, max.toMillis()));
    }
}
