package io.parley.plugins.js;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CPU time that all of a rule set's script operators may spend together on one dialogue:
 * without it, K operators could each use their own budget on every turn. Each call gets at most
 * what is left, and what it used (measured in the thread running it) is taken off afterwards.
 */
final class DialogueBudget {
    /** Default and only value for now: {@code 2000} ms of CPU time per dialogue, across all js operators. */
    static final Duration PER_DIALOGUE = Duration.ofSeconds(2);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Duration total;
    private final AtomicLong remainingNanos;

    DialogueBudget(Duration total) {
        this.total = total;
        this.remainingNanos = new AtomicLong(total.toNanos());
    }

    long remainingNanos() {
        return remainingNanos.get();
    }

    void spend(long nanos) {
        remainingNanos.addAndGet(-Math.max(0, nanos));
    }

    /** How the limit is named in errors. */
    String describe() {
        return "the " + total.toMillis() + " ms of CPU time that the js operators may use together per dialogue";
    }

    /** The current thread's CPU time in nanoseconds, or wall-clock nanoseconds where it cannot be measured. */
    static long threadTime() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }
}
