package io.parley.plugins.js;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.Turn;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Where user JavaScript runs: one polyglot {@link Engine} per JVM (scripts are parsed once and
 * their code shared by every context), and a fresh, hardened context per script and dialogue.
 *
 * <h2>Fresh context per dialogue, not a reused one</h2>
 * Measured (JDK 25, 2 cores, interpreter only; a 20-turn dialogue, 20 calls of a one-line operator):
 * <ul>
 *   <li>bare context create + close on the shared engine ≈ 0.15 ms; with this sandbox's prelude
 *       (globals removed, builtins wrapped and frozen) ≈ 0.45 ms; {@link #open} + close, which
 *       also evaluates the script ({@link JsBenchmark}: {@code bench.js.context.create}) ≈ 0.7 ms;</li>
 *   <li>fresh context + prelude + frozen dialogue view + 20 calls ≈ 0.6 ms per dialogue; through
 *       the operator plugin ≈ 0.7 ms (≈ 1.4k dialogues/s per thread);</li>
 *   <li>one reused context, view + re-evaluated function + 20 calls ≈ 0.12 ms per dialogue;</li>
 *   <li>a reused context is only safe after a <em>deep</em> freeze of every reachable intrinsic
 *       (≈ 625 objects): ≈ 3.5 ms per context, so it would have to be pooled.</li>
 * </ul>
 * A reused context would be ≈ 5× cheaper per dialogue, but its isolation would rest on our
 * list of every piece of mutable realm state: closures, lexical globals, RegExp.$1/input (which
 * keep the last matched turn text; CONSTRAINED refuses {@code js.regexp-static-result=false}),
 * the Math.random state, the Symbol registry, lazily created intrinsics, whatever a GraalJS update
 * adds. A fresh context isolates dialogues by construction: nothing a script stores anywhere can
 * be seen by the next dialogue, which may be another tenant's. One context per script (not per
 * rule set) also keeps two scripts' top-level declarations and statement limits apart. Within a
 * dialogue, the prelude freezes every global, its prototype and the iterator/generator
 * prototypes, so a script cannot change what its later calls on other turns see.
 *
 * <h2>What is enforced</h2>
 * <ul>
 *   <li>{@link SandboxPolicy#CONSTRAINED} on engine and contexts; host access
 *       {@link HostAccess#CONSTRAINED} with no exported members (scripts get only JS values: the
 *       host never passes a Java object), no host class lookup (the {@code Java} global is not even
 *       defined) or loading, no IO, no threads, no processes, no native access, no environment, no
 *       polyglot access; out and err discarded ({@code console.log} works and goes nowhere).</li>
 *   <li>No {@code Java}, {@code Polyglot}, {@code Graal}, {@code load}, {@code print}, {@code require};
 *       no code from strings ({@code eval}, {@code new Function}, {@code constructor.constructor}:
 *       {@code js.allow-eval=false}, and {@code eval} is deleted); {@code import()} of anything
 *       yields a rejected promise (IO is denied). {@code SharedArrayBuffer}, {@code Atomics}, {@code WeakRef},
 *       {@code FinalizationRegistry}, {@code ArrayBuffer}, {@code DataView} and typed arrays are
 *       deleted; there is no {@code setTimeout} or {@code Worker}.</li>
 *   <li>Deterministic: {@code Date.now()}, {@code new Date()} and {@code Math.random()} throw
 *       (results must be reproducible when history is re-scored); {@code new Date(millis)} works.
 *       {@code Intl.DateTimeFormat().format()} without a date still reads the clock.</li>
 *   <li>Per call: a time budget in the calling thread's CPU time, with a wall-clock backstop (the
 *       watchdog interrupts, then cancels with {@code close(true)} {@link JsWatchdog#INTERRUPT_GRACE}
 *       later), a statement limit
 *       ({@code resetLimits()} before every call), and an allocation budget of
 *       {@value #ALLOCATION_BUDGET_BYTES} bytes, sampled each millisecond from the calling thread's
 *       allocation counter. Each session runs in its own thread with a {@link #SCRIPT_STACK_BYTES}
 *       stack, so deep recursion ends in the statement limit rather than in a (catchable) stack
 *       overflow. Authors' budgets have maxima ({@link ScriptConfig#MAX_TIMEOUT_MILLIS},
 *       {@link ScriptConfig#MAX_STATEMENT_LIMIT}); operators also share a per-dialogue
 *       {@link DialogueBudget}.</li>
 *   <li>Builtins that loop or allocate in Java without polling for interrupts are refused past
 *       2<sup>24</sup> elements: all {@code Array.prototype} methods (by {@code this.length}),
 *       {@code Array.from}, {@code String.prototype.repeat/padStart/padEnd}. Without this,
 *       {@code Array.prototype.indexOf.call({length: 1e9}, 1)} ran past a 20 s kill, unstoppable
 *       even by {@code close(true)}. The check costs ≈ 0.7 µs per call of a wrapped method
 *       ({@code push}, {@code pop}, {@code at} and iterator factories are not wrapped).</li>
 *   <li>A stopped or failed context is discarded; the engine stays healthy.</li>
 * </ul>
 *
 * <h2>What is not (community edition, CONSTRAINED)</h2>
 * <ul>
 *   <li>No heap limit per context ({@code sandbox.MaxHeapMemory} is the non-free edition). The
 *       allocation budget is sampled, so one allocation is seen only after it happened. A string
 *       built by doubling ({@code s += s}: concatenation is lazy, flattening is one allocation)
 *       escapes the repeat/pad checks: 28 doublings flatten to one 512 MB string, stopped by the
 *       allocation budget after it (measured ≈ 1–2 s, mostly GC); 30 doublings of a non-Latin-1
 *       string reach GraalJS's 2<sup>30</sup>-char limit, a single 2 GB allocation, which on a 2 GB
 *       heap fails with {@code OutOfMemoryError} in the script's own thread (reported as "ran out of
 *       memory", engine fine), though another thread allocating at that instant could fail too.
 *       CONSTRAINED refuses the options that would bound this ({@code js.string-length-limit},
 *       {@code js.max-typed-array-length}: "can only be used up to the TRUSTED sandbox policy").</li>
 *   <li>Builtins that ignore interrupts (a catastrophic-backtracking RegExp, {@code JSON.stringify}
 *       of a 10<sup>7</sup>-element array, string case mapping of 10<sup>8</sup> chars) overrun the
 *       time budget until {@code close(true)} lands: measured 0.1–1.4 s.</li>
 *   <li>No engine-enforced CPU-time limit ({@code sandbox.MaxCPUTime} is not in 25.0.x): the
 *       watchdog samples thread CPU time each millisecond, so a call overruns its budget by up to
 *       about a millisecond plus the time to reach a safepoint (measured 1–20 ms).</li>
 *   <li>Nested namespaces ({@code Intl.Collator.prototype}, ...) are not frozen: a script may change
 *       them for its own later calls on the same dialogue, never beyond.</li>
 * </ul>
 */
final class JsSandbox {
    /** The version every JS plugin reports: results name it, so a sandbox change is visible in history. */
    static final String VERSION = "1.0.0";
    /** Budget for the sandbox's own work in a context (prelude, parsing a big dialogue). */
    static final Duration SETUP_BUDGET = Duration.ofSeconds(5);
    static final long ALLOCATION_BUDGET_BYTES = 256L << 20;
    /**
     * Stack reserved for the thread each script session runs in (committed only as it is used, and
     * released when the session ends). Deep enough that {@link ScriptConfig#MAX_STATEMENT_LIMIT}
     * statements, at several KB of Java stack each, end in the statement limit before a stack
     * overflow. That matters: GraalJS turns a stack overflow into a {@code RangeError} that the
     * script can catch, and a stop (statement limit, interrupt, {@code close(true)}) that lands
     * near the end of the stack is itself replaced by such a {@code RangeError} while it unwinds
     * ({@code TryCatchNode.shouldCatch} overflows). {@code function f() { try { f() } catch (e) { f() } }}
     * thus ran for minutes through every stop on a 1 MB worker stack.
     */
    static final long SCRIPT_STACK_BYTES = 1L << 30;

    /** Contexts on one engine must share one filter instance; it counts user script statements only. */
    private static final Predicate<Source> USER_SCRIPTS = source -> source.getName().startsWith(JsScript.SOURCE_NAME_PREFIX);

    private final Engine engine;
    private final Source prelude;
    private final JsWatchdog watchdog = new JsWatchdog();
    /** One instance per limit: a context given a new ResourceLimits instance cost ≈1 ms more to create. */
    private final Map<Long, ResourceLimits> limits = new ConcurrentHashMap<>();

    private JsSandbox() {
        engine = Engine.newBuilder("js")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false")
                .option("js.allow-eval", "false")
                .option("js.load", "false")
                .option("js.print", "false")
                .option("js.graal-builtin", "false")
                .option("js.strict", "true")
                .option("js.unhandled-rejections", "none")
                .build();
        prelude = Source.newBuilder("js", resource("sandbox-prelude.js"), "parley-sandbox-prelude.js").buildLiteral();
    }

    static JsSandbox shared() {
        return Shared.INSTANCE;
    }

    /**
     * Opens a session of {@code script} in a fresh thread with a {@link #SCRIPT_STACK_BYTES} stack,
     * runs {@code work} with it there, closes it, and returns what {@code work} returned (or throws
     * what it threw) in the calling thread. {@code dialogueBudget}: shared with the other scripts on
     * the same dialogue, or null.
     */
    <T> T run(JsScript script, DialogueBudget dialogueBudget, Function<JsSession, T> work) {
        return onScriptThread(() -> {
            try (JsSession session = open(script, dialogueBudget)) {
                return work.apply(session);
            }
        });
    }

    private static <T> T onScriptThread(Supplier<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().daemon().name("parley-js-script").stackSize(SCRIPT_STACK_BYTES).unstarted(() -> {
            try {
                result.set(work.get());
            } catch (Throwable e) { // handed to the calling thread
                failure.set(e);
            }
        });
        thread.start();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) { // the script's own budgets end it; keep the flag for the caller
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable failed = failure.get();
        if (failed instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failed instanceof Error error) {
            throw error;
        }
        if (failed != null) {
            throw new IllegalStateException(failed);
        }
        return result.get();
    }

    /** A fresh context running {@code script}, its function evaluated; close it when the dialogue is done. */
    JsSession open(JsScript script) {
        return open(script, null);
    }

    private JsSession open(JsScript script, DialogueBudget dialogueBudget) {
        Context context = Context.newBuilder("js")
                .engine(engine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .allowHostAccess(HostAccess.CONSTRAINED)
                // no allowHostClassLookup at all: even a refuse-all filter would define the Java global
                .allowHostClassLoading(false)
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowInnerContextOptions(false)
                .resourceLimits(limits.computeIfAbsent(script.config().statementLimit(), statementLimit ->
                        ResourceLimits.newBuilder().statementLimit(statementLimit, USER_SCRIPTS).build()))
                .build();
        return new JsSession(script, context, watchdog.watch(context), prelude, dialogueBudget);
    }

    /**
     * Refuses {@code script} with a {@link io.parley.engine.spi.plugin.PluginException} when it does not
     * parse, overruns while evaluated, or does not evaluate to a function: opening a session does all that.
     */
    void check(JsScript script) {
        run(script, null, session -> null);
    }

    private static String resource(String name) {
        try (InputStream in = JsSandbox.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + JsSandbox.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a script touching the common builtins (and this sandbox's own paths) once, so their class
     * loading (over 50 ms on a cold JVM) does not land inside the first real call's time budget.
     */
    private JsSandbox warmedUp() {
        ScriptConfig config = new ScriptConfig(resource("sandbox-warmup.js"), "sandbox-warmup.js", 1, 1, SETUP_BUDGET,
                ScriptConfig.DEFAULT_STATEMENT_LIMIT);
        JsScript warmUp = JsScript.of("warm-up", "(dialogue) => ({})", config);
        Turn turn = new Turn("customer", "abc def", OffsetDateTime.parse("2026-11-11T10:00:00+08:00"), null, null);
        Dialogue dialogue = new Dialogue("warm-up", "im", null, null, null, List.of(), List.of(turn, turn), null, Map.of("a", 1));
        try (JsSession session = open(warmUp)) {
            Value view = session.frozenJson(ScriptViews.dialogue(dialogue, List.of()));
            session.call(null, Value::hasMembers, view);
            session.callForJson(null, view);
        }
        return this;
    }

    private static final class Shared {
        static final JsSandbox INSTANCE = new JsSandbox().warmedUp();
    }
}
