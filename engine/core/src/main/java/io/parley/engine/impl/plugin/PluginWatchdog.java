package io.parley.engine.impl.plugin;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Keeps plugin calls within their time budget. Java plugins run in the engine's own threads and
 * cannot be pre-empted, so the budget works in two ways: a call still running past its deadline is
 * interrupted once (which ends sleeps, blocking I/O and waits, and any plugin that checks its
 * interrupt flag), and a call that returns past its deadline fails anyway — its answer came too
 * late to be trusted by the evaluation it belongs to. Registering a call costs two map updates;
 * one daemon thread checks the calls in flight every {@link #TICK_MILLIS} ms.
 */
final class PluginWatchdog {
    private static final long TICK_MILLIS = 20;
    private static final Map<Thread, Call> IN_FLIGHT = new ConcurrentHashMap<>();

    static {
        Thread ticker = Thread.ofPlatform().daemon().name("parley-plugin-watchdog").unstarted(PluginWatchdog::watch);
        ticker.start();
    }

    private PluginWatchdog() {
    }

    /** One call in flight on a thread. */
    static final class Call {
        private final Thread thread;
        private final long startNanos = System.nanoTime();
        private final long budgetNanos;
        private volatile boolean interrupted;

        private Call(Thread thread, Duration budget) {
            this.thread = thread;
            this.budgetNanos = budget.toNanos();
        }

        private boolean overdue(long now) {
            return now - startNanos > budgetNanos;
        }

        /**
         * Ends the watch. Returns how long the call took when it went over budget, else null;
         * clears the interrupt the watchdog sent, so it does not leak into the engine's own work.
         */
        Duration finish() {
            IN_FLIGHT.remove(thread, this);
            long now = System.nanoTime();
            if (interrupted) {
                Thread.interrupted();
            }
            return interrupted || overdue(now) ? Duration.ofNanos(now - startNanos) : null;
        }
    }

    /** Starts watching a call on the current thread. */
    static Call start(Duration budget) {
        Call call = new Call(Thread.currentThread(), budget);
        IN_FLIGHT.put(call.thread, call);
        return call;
    }

    private static void watch() {
        while (true) {
            try {
                TimeUnit.MILLISECONDS.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Call call : IN_FLIGHT.values()) {
                if (!call.interrupted && call.overdue(now)) {
                    call.interrupted = true;
                    call.thread.interrupt();
                }
            }
        }
    }
}
