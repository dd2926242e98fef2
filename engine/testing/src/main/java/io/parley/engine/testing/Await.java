package io.parley.engine.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.fail;

/**
 * Waits for background work seen from outside (a result stored, a task in an inbox, a job done):
 * polls until the condition holds and returns what satisfied it, or fails naming what was awaited
 * and what was seen last. One place for the loops tests would otherwise write each time.
 */
public final class Await {
    private static final Duration POLL = Duration.ofMillis(50);

    private Await() {
    }

    /**
     * @param what    what is awaited, for the failure message ("the result of d-1")
     * @param timeout how long to wait at most
     * @param poll    reads the current value; an exception fails the wait at once
     */
    public static <T> T until(String what, Duration timeout, Callable<T> poll, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last;
        while (true) {
            try {
                last = poll.call();
            } catch (Exception e) {
                throw new AssertionError("waiting for " + what + ": " + e, e);
            }
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() >= deadline) {
                return fail("%s did not happen within %s; last seen: %s", what, timeout, last);
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
