package io.parley.plugins.js;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Stops script calls that overrun their budgets. One daemon thread patrols every running call
 * each millisecond and sleeps while no script context is open. A call costs its thread two
 * volatile writes: the patrol itself takes a call's CPU-time, allocation and wall-clock baselines
 * when it first sees it, so calls shorter than a tick are never measured at all.
 *
 * <p>The time budget is the calling thread's CPU time, so a GC pause or a busy machine does not
 * fail a dialogue (a 50 ms wall-clock budget did, under the benchmark's load); as a backstop a
 * call is also stopped after {@value #WALL_CLOCK_FACTOR}× its budget in wall-clock time. The
 * allocation budget is the thread's allocated bytes, garbage included: a bound on what one call
 * may allocate, not on what it retains; sampled, so one huge allocation is seen only after it
 * happened (see {@link JsSandbox}).
 *
 * <p>A call that overruns is first {@link Context#interrupt interrupted}; builtins that loop in
 * Java without polling ignore that, so after {@link #INTERRUPT_GRACE} the context is cancelled with
 * {@code close(true)}. Either way the session is poisoned and discarded.
 */
final class JsWatchdog {
    static final Duration INTERRUPT_GRACE = Duration.ofMillis(20);
    static final int WALL_CLOCK_FACTOR = 20;
    private static final long TICK_NANOS = Duration.ofMillis(1).toNanos();

    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final com.sun.management.ThreadMXBean threads = threadMeters();
    private final Thread thread;

    JsWatchdog() {
        thread = Thread.ofPlatform().daemon().name("parley-js-watchdog").unstarted(this::patrol);
        thread.start();
    }

    /** Watches calls made by the current thread into {@code context}; close the watch with the context. */
    Watch watch(Context context) {
        Watch watch = new Watch(context, Thread.currentThread().threadId());
        watches.add(watch);
        LockSupport.unpark(thread);
        return watch;
    }

    private void patrol() {
        while (true) {
            if (watches.isEmpty()) {
                LockSupport.park(this);
                continue;
            }
            for (Watch watch : watches) {
                watch.check();
            }
            LockSupport.parkNanos(this, TICK_NANOS);
        }
    }

    private long cpuTime(long threadId) {
        return threads == null ? -1 : threads.getThreadCpuTime(threadId);
    }

    private long allocatedBytes(long threadId) {
        return threads == null ? -1 : threads.getThreadAllocatedBytes(threadId);
    }

    private static com.sun.management.ThreadMXBean threadMeters() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadCpuTimeSupported() && bean.isThreadAllocatedMemorySupported()) {
            bean.setThreadCpuTimeEnabled(true);
            bean.setThreadAllocatedMemoryEnabled(true);
            return bean;
        }
        return null;
    }

    /** The budgets of one context's calls, made by the thread that opened it. */
    final class Watch implements AutoCloseable {
        private final Context context;
        private final long threadId;
        // written by the calling thread
        private volatile long budgetNanos;
        private volatile String budgetName;
        private volatile long allocationBudgetBytes;
        private volatile long call;
        private volatile boolean running;
        // the patrol's own
        private long seenCall = -1;
        private long cpuBaseline;
        private long allocationBaseline;
        private long wallBaseline;
        private volatile String stopReason;

        private Watch(Context context, long threadId) {
            this.context = context;
            this.threadId = threadId;
        }

        /** A call starts: it may use {@code budget} of CPU time and allocate {@code allocationBudgetBytes} (0: unbounded). */
        void begin(Duration budget, long allocationBudgetBytes) {
            begin(budget, allocationBudgetBytes, "its " + budget.toMillis() + " ms time budget");
        }

        /** As {@link #begin(Duration, long)}, naming the time budget as {@code budgetName} when the call overruns it. */
        void begin(Duration budget, long allocationBudgetBytes, String budgetName) {
            budgetNanos = budget.toNanos();
            this.budgetName = budgetName;
            this.allocationBudgetBytes = allocationBudgetBytes;
            call++;
            running = true; // written last: the patrol reads it first
        }

        void end() {
            running = false;
        }

        /** Why the watchdog stopped this context, or null while it has not. */
        String stopReason() {
            return stopReason;
        }

        private void check() {
            if (!running || stopReason != null) {
                return;
            }
            long now = System.nanoTime();
            long cpu = cpuTime(threadId);
            long allocated = allocatedBytes(threadId);
            if (call != seenCall) {
                seenCall = call;
                wallBaseline = now;
                cpuBaseline = cpu;
                allocationBaseline = allocated;
                return;
            }
            long budget = budgetNanos;
            if (cpu >= 0 ? cpu - cpuBaseline > budget : now - wallBaseline > budget) {
                stop("used more than " + budgetName);
            } else if (now - wallBaseline > WALL_CLOCK_FACTOR * budget) {
                stop("ran longer than " + Duration.ofNanos(WALL_CLOCK_FACTOR * budget).toMillis()
                        + " ms of wall-clock time (" + WALL_CLOCK_FACTOR + "× its time budget)");
            } else if (allocationBudgetBytes > 0 && allocated - allocationBaseline > allocationBudgetBytes) {
                stop("allocated more than " + (allocationBudgetBytes >> 20) + " MB in one call");
            }
        }

        private void stop(String reason) {
            stopReason = reason;
            // Interrupting waits for the script to reach a safepoint: never block the patrol on it.
            Thread.ofPlatform().daemon().name("parley-js-stop").start(() -> {
                try {
                    context.interrupt(INTERRUPT_GRACE);
                } catch (TimeoutException builtinIgnoresInterrupts) {
                    context.close(true);
                } catch (IllegalStateException | PolyglotException alreadyClosed) {
                    // the call ended and its session closed the context meanwhile
                }
            });
        }

        @Override
        public void close() {
            watches.remove(this);
        }
    }
}
