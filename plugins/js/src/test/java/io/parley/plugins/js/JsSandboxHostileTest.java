package io.parley.plugins.js;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.spi.plugin.OperatorPlugin.PreparedOperator;
import io.parley.engine.spi.plugin.PluginException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.parley.plugins.js.TestDialogues.annotate;
import static io.parley.plugins.js.TestDialogues.dialogue;
import static io.parley.plugins.js.TestDialogues.prepare;
import static io.parley.plugins.js.TestDialogues.run;
import static io.parley.plugins.js.TestDialogues.use;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Scripts that try to escape, hog or poison the sandbox. Each is refused (at prepare or at the
 * call) or stopped, and after each a normal script still works ({@link #theEngineStaysHealthy}).
 */
class JsSandboxHostileTest {
    private static final Dialogue DIALOGUE = dialogue("tenant-a-1", "我的订单号是 12345", "亲，请稍等", "谢谢");
    private static final Dialogue OTHER_TENANT = dialogue("tenant-b-7", "你好", "您好", "再见");
    /** The most statements an author may allow: with a heavy loop body, the time budget stops the script first. */
    private static final long NO_STATEMENT_LIMIT = ScriptConfig.MAX_STATEMENT_LIMIT;

    @AfterEach
    void theEngineStaysHealthy() {
        assertThat(run("(d, t) => [1, 2, 3].map(x => x * 2).join() === '2,4,6' && t.text.includes('谢谢') && ({}).polluted === undefined",
                DIALOGUE)).extracting(SignalFact::getTurn).containsExactly(2);
    }

    @Test
    void javaTypeIsNotDefined() {
        assertRefused("(d, t) => Java.type('java.lang.System').exit(1)", "ReferenceError: Java is not defined");
    }

    @Test
    void polyglotEvalIsNotDefined() {
        assertRefused("(d, t) => Polyglot.eval('js', '1')", "ReferenceError: Polyglot is not defined");
    }

    @Test
    void hostPackagesAreNotDefined() {
        assertRefused("(d, t) => java.lang.Runtime.getRuntime().exec('id')", "ReferenceError: java is not defined");
        assertRefused("(d, t) => Packages.java.io.File", "ReferenceError: Packages is not defined");
        assertRefused("(d, t) => Graal.versionJS", "ReferenceError: Graal is not defined");
    }

    @Test
    void viewObjectsExposeNoHostMembers() {
        assertRefused("(d, t) => t.getClass().forName('java.lang.System')", "TypeError: ");
        assertThat(run("(d, t) => typeof d.turns.getClass === 'undefined' && typeof t.text.getBytes === 'undefined'", DIALOGUE))
                .hasSize(3);
    }

    @Test
    void theFunctionConstructorCannotCompileCode() {
        assertRefused("(d, t) => t.constructor.constructor('return globalThis')()", "EvalError: dynamic evaluation of code is disabled");
        assertRefused("(d, t) => (() => {}).constructor('return 1')()", "EvalError: dynamic evaluation of code is disabled");
    }

    @Test
    void evalAndNewFunctionAreRefused() {
        assertRefused("(d, t) => eval('1')", "ReferenceError: eval is not defined");
        assertRefused("(d, t) => new Function('return 1')()", "EvalError: dynamic evaluation of code is disabled");
        assertRefused("(d, t) => Reflect.construct(Function, ['return 1'])()", "EvalError: dynamic evaluation of code is disabled");
    }

    @Test
    void requireLoadAndImportAreRefused() {
        assertRefused("(d, t) => require('fs')", "ReferenceError: require is not defined");
        assertRefused("(d, t) => load('/etc/passwd')", "ReferenceError: load is not defined");
        assertRefused("(d, t) => import('fs')", "returned Promise{[[PromiseStatus]]: \"rejected\"");
    }

    @Test
    void filesEnvironmentAndProcessesAreUnreachable() {
        assertRefused("(d, t) => process.env.HOME", "ReferenceError: process is not defined");
        assertRefused("(d, t) => readFile('/etc/passwd')", "ReferenceError: readFile is not defined");
    }

    @Test
    void anInfiniteLoopIsStoppedByTheStatementLimit() {
        assertRefused("(d, t) => { while (true) {} }", "stopped: executed more than its 100000-statement limit (turn 1)");
    }

    @Test
    void aBusyLoopIsStoppedByTheTimeBudget() {
        long started = System.nanoTime();
        assertRefused(Map.of("source", "(d, t) => { for (;;) { 'x'.repeat(4096).split('').reverse().join(''); } }", "timeoutMillis", 50,
                "statementLimit", NO_STATEMENT_LIMIT), "stopped: used more than its 50 ms time budget (turn 1)");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aBacktrackingRegexIgnoringInterruptsIsCancelled() {
        long started = System.nanoTime();
        assertRefused(Map.of("source", "(d, t) => /^(a+)+\\1$/.test('a'.repeat(40) + 'b')", "timeoutMillis", 50),
                "stopped: used more than its 50 ms time budget (turn 1)");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void deepRecursionEndsInTheStatementLimitBeforeTheStackOverflows() {
        // a stack overflow would be a RangeError the script can catch; the script thread's stack outlasts the statement limit
        // stopped by the statement limit or (unwinding 100k frames is slow) the time budget: either way not a RangeError
        assertRefused(Map.of("source", "(d, t) => { const down = n => down(n + 1) + 1; try { return down(0); } catch (e) { return true; } }",
                "timeoutMillis", ScriptConfig.MAX_TIMEOUT_MILLIS), "stopped: ");
        assertRefused(Map.of("source", "(d, t) => { const down = n => [n].map(down); return down(0); }",
                "statementLimit", NO_STATEMENT_LIMIT, "timeoutMillis", ScriptConfig.MAX_TIMEOUT_MILLIS),
                "stopped: ");
    }

    @Test
    void hugeRepeatsAndPadsAreRefusedBeforeAllocating() {
        assertRefused("(d, t) => 'x'.repeat(2 ** 29).length > 0", "RangeError: repeat on 536870912 elements exceeds the script limit of 16777216");
        assertRefused("(d, t) => ''.padEnd(2 ** 30).length > 0", "RangeError: padEnd on 1073741824 elements");
    }

    @Test
    void hugeArrayBuiltinsAreRefusedBeforeLooping() {
        assertRefused("(d, t) => new Array(1e8).fill(0).length > 0", "RangeError: fill on 100000000 elements");
        assertRefused("(d, t) => Array.from({length: 1e9}).length > 0", "RangeError: from on 1000000000 elements");
        // without the check this one ran past a 20 s kill, immune even to close(true)
        assertRefused("(d, t) => Array.prototype.indexOf.call({length: 1e9}, 1) >= 0", "RangeError: indexOf on 1000000000 elements");
    }

    @Test
    void binaryBuffersAreNotDefined() {
        assertRefused("(d, t) => new Float64Array(2 ** 27).length > 0", "ReferenceError: Float64Array is not defined");
        assertRefused("(d, t) => new ArrayBuffer(2 ** 30).byteLength > 0", "ReferenceError: ArrayBuffer is not defined");
    }

    @Test
    void allocatingInALoopIsStoppedByTheAllocationBudget() {
        assertRefused(Map.of("source", "(d, t) => { const kept = []; for (;;) kept.push(new Array(1 << 20).fill(kept.length + 0.5)); }",
                "timeoutMillis", ScriptConfig.MAX_TIMEOUT_MILLIS, "statementLimit", NO_STATEMENT_LIMIT), "stopped: allocated more than 256 MB in one call");
    }

    @Test
    void aStringBuiltByDoublingIsStopped() {
        assertRefused(Map.of("source", "(d, t) => { let s = 'ab'; for (let i = 0; i < 28; i++) s += s; return s.indexOf('c') >= 0; }",
                "timeoutMillis", ScriptConfig.MAX_TIMEOUT_MILLIS), "stopped: ");
    }

    @Test
    void prototypePollutionIsRefusedAndNeverSeenLater() {
        assertRefused("(d, t) => { Object.prototype.polluted = 1; return true; }",
                "TypeError: Cannot add new property \"polluted\" to non-extensible");
        assertRefused("(d, t) => { Array.prototype.map = () => ['hijacked']; return true; }", "TypeError: Cannot assign to read only property 'map'");
        String swallowing = """
                (d, t) => {
                  try { Object.prototype.polluted = 1; } catch (ignored) {}
                  try { Array.prototype.join = () => 'hijacked'; } catch (ignored) {}
                  try { String.prototype.includes = () => true; } catch (ignored) {}
                  try { Object.setPrototypeOf(Object.prototype, {polluted: 1}); } catch (ignored) {}
                  return ({}).polluted === undefined && [1, 2].join() === '1,2' && !'abc'.includes('z');
                }""";
        assertThat(run(swallowing, DIALOGUE)).hasSize(3);
    }

    @Test
    void theDialogueViewCannotBeChanged() {
        assertRefused("(d, t) => { t.text = '改写'; return true; }", "TypeError: Cannot assign to read only property 'text'");
        assertRefused("(d, t) => { d.turns.push({}); return true; }", "TypeError: Cannot add new property");
        assertRefused("(d, t) => { delete d.attributes.shop; return true; }", "TypeError: \"shop\" is not a configurable property");
        String laterTurnsSeeTheOriginal = "(d, t) => { try { d.turns[0].text = 'x'; } catch (e) {} return d.turns[0].text === '我的订单号是 12345'; }";
        assertThat(run(laterTurnsSeeTheOriginal, DIALOGUE)).hasSize(3);
    }

    @Test
    void aDialogueStashedInAGlobalIsRefused() {
        assertRefused("(d, t) => { globalThis.stash = d; return true; }", "TypeError: Cannot add new property \"stash\"");
        assertRefused("(d, t) => { stash = d; return true; }", "ReferenceError: stash is not defined");
    }

    @Test
    void aDialogueKeptInAClosureIsNeverSeenByTheNextDialogue() {
        String stealing = """
                (() => {
                  const seen = [];
                  return (d, t) => {
                    if (t.index === 0) seen.push(d);
                    return seen.some(earlier => earlier.id !== d.id);
                  };
                })()""";
        try (PreparedOperator operator = prepare(use("stealer", stealing))) {
            assertThat(annotate(operator, DIALOGUE)).isEmpty();
            assertThat(annotate(operator, OTHER_TENANT)).isEmpty();
        }
    }

    @Test
    void thereAreNoThreadsTimersOrSharedMemory() {
        String probe = """
                (d, t) => ['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'Worker', 'Atomics',
                           'SharedArrayBuffer', 'WeakRef', 'FinalizationRegistry'].every(name => typeof globalThis[name] === 'undefined')""";
        assertThat(run(probe, DIALOGUE)).hasSize(3);
    }

    @Test
    void aMicrotaskLoopRunsWithinTheCallAndIsStopped() {
        assertRefused("(d, t) => { Promise.resolve().then(() => { for (;;) {} }); return false; }",
                "stopped: executed more than its 100000-statement limit");
    }

    @Test
    void aConsoleFloodIsDiscardedAndStopped() {
        assertRefused("(d, t) => { for (;;) console.log('x'.repeat(10000)); }", "stopped: ");
    }

    @Test
    void theClockAndRandomnessAreRefusedForReproducibility() {
        assertRefused("(d, t) => Date.now() > 0", "TypeError: Date.now() reads the clock");
        assertRefused("(d, t) => new Date().getTime() > 0", "TypeError: new Date() reads the clock");
        assertRefused("(d, t) => Math.random() < 2", "TypeError: Math.random() is not available");
        assertThat(run("(d, t) => new Date(t.atMillis).getUTCHours() === 2 && new Date(0) instanceof Date", DIALOGUE)).hasSize(3);
    }

    @Test
    void thrownNonErrorsAreReportedWithoutRunningTheirCode() {
        assertRefused("(d, t) => { throw 42; }", "threw 42, which is not an Error (turn 1)");
        assertRefused("(d, t) => { throw 'boom'; }", "threw \"boom\", which is not an Error (turn 1)");
        assertRefused("(d, t) => { throw {toString() { for (;;) {} }}; }", "threw an object, which is not an Error (turn 1)");
    }

    @Test
    void resultGettersRunWithinTheBudget() {
        assertRefused("(d, t) => [{get start() { for (;;) {} }, end: 1}]", "stopped: executed more than its 100000-statement limit (turn 1)");
    }

    @Test
    void anOverrunWhileEvaluatingTheScriptIsStoppedAtPrepare() {
        assertThatThrownBy(() -> prepare(use("probe", Map.of("source", "(() => { for (;;) {} })()", "timeoutMillis", ScriptConfig.MAX_TIMEOUT_MILLIS))))
                .isInstanceOf(PluginException.class)
                .hasMessageStartingWith("script 'probe' at rules.parley:1:")
                .hasMessageEndingWith(": stopped: executed more than its 100000-statement limit");
    }

    @Test
    void catchAndRecurseIsStoppedAndCannotCatchTheStop() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertRefused(Map.of(
                "source", "(d, t) => { function f() { try { f(); } catch (e) { f(); } } f(); return true; }",
                "timeoutMillis", 50), "stopped: "));
    }

    @Test
    void catchAndRecurseInTopLevelCodeIsStoppedAtPrepare() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() -> prepare(use("probe", Map.of(
                "source", "(() => { const f = () => { try { f(); } catch (e) { f(); } }; f(); return (d, t) => true; })()", "timeoutMillis", 50))))
                .isInstanceOf(PluginException.class)
                .hasMessageStartingWith("script 'probe' at rules.parley:1:")
                .hasMessageContaining("stopped: "));
    }

    @Test
    void catchAndRecurseThroughABuiltinIsStopped() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertRefused(Map.of(
                "source", "(d, t) => { const f = () => { try { [0].map(f); } catch (e) { [0].map(f); } }; f(); return true; }",
                "timeoutMillis", 50), "stopped: "));
    }

    @Test
    void finallyAndRecurseIsStopped() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertRefused(Map.of(
                "source", "(d, t) => { function f() { try { f(); } finally { f(); } } f(); return true; }",
                "timeoutMillis", 50), "stopped: "));
    }

    @Test
    void authorSetBudgetsHaveAMaximum() {
        assertThatThrownBy(() -> prepare(use("probe", Map.of("source", "(d, t) => true", "timeoutMillis", 1_000_000))))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("option 'timeoutMillis' is 1000000, more than its maximum of 1000");
        assertThatThrownBy(() -> prepare(use("probe", Map.of("source", "(d, t) => true", "statementLimit", 1_000_000_000L))))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("option 'statementLimit' is 1000000000, more than its maximum of 200000");
    }

    @Test
    void operatorsShareOneTimeBudgetPerDialogue() {
        // each call does a few milliseconds of work, well within its own budget; 6 operators × 3 turns exceed 100 ms together
        Map<String, Object> config = Map.of("source", "(d, t) => { for (let i = 0; i < 20; i++) "
                + "{ 'x'.repeat(8192).split('').reverse().join(''); } return false; }", "timeoutMillis", ScriptConfig.MAX_TIMEOUT_MILLIS);
        JsOperatorPlugin plugin = new JsOperatorPlugin(Duration.ofMillis(100));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThatThrownBy(() -> {
            try (PreparedOperator operator = plugin.prepare(List.of(use("a", config), use("b", config), use("c", config),
                    use("d", config), use("e", config), use("f", config)))) {
                annotate(operator, DIALOGUE);
            }
        }).isInstanceOf(PluginException.class)
                .hasMessageContaining("the 100 ms of CPU time that the js operators may use together per dialogue"));
    }

    @Test
    void tooManySpansAreRefusedBeforeBeingRead() {
        assertRefused("(d, t) => Array.from({length: 20000}, () => ({start: 0, end: 0}))",
                "returned 20000 spans, more than the limit of 10000 spans per call (turn 1)");
    }

    @Test
    void attributesWithTooManyKeysAreRefusedBeforeTheViewIsBuilt() {
        Map<String, Object> attributes = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 20_000; i++) {
            attributes.put("k" + i, i);
        }
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(() -> {
            try (PreparedOperator operator = prepare(use("probe", "(d, t) => true"))) {
                annotate(operator, withAttributes(attributes));
            }
        }).isInstanceOf(PluginException.class)
                .hasMessageContaining("attributes has 20000 keys, more than the 1000 keys per object a script view may hold"));
    }

    @Test
    void attributesNestedTooDeeplyAreRefused() {
        Map<String, Object> attributes = Map.of("leaf", 1);
        for (int i = 0; i < 40; i++) {
            attributes = Map.of("n", attributes);
        }
        Map<String, Object> deep = attributes;
        assertThatThrownBy(() -> {
            try (PreparedOperator operator = prepare(use("probe", "(d, t) => true"))) {
                annotate(operator, withAttributes(deep));
            }
        }).isInstanceOf(PluginException.class).hasMessageContaining("more than 16 levels deep");
    }

    @Test
    void attributesAtTheKeyLimitAreShown() {
        Map<String, Object> attributes = new java.util.LinkedHashMap<>();
        for (int i = 0; i < ScriptViews.MAX_KEYS_PER_OBJECT; i++) {
            attributes.put("k" + i, i);
        }
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (PreparedOperator operator = prepare(use("probe", Map.of("source", "(d, t) => d.attributes.k999 === 999",
                    "timeoutMillis", ScriptConfig.MAX_TIMEOUT_MILLIS)))) {
                assertThat(annotate(operator, withAttributes(attributes))).hasSize(3);
            }
        });
    }

    private static Dialogue withAttributes(Map<String, Object> attributes) {
        return new Dialogue(DIALOGUE.id(), DIALOGUE.channel(), DIALOGUE.startedAt(), DIALOGUE.agent(), DIALOGUE.customer(),
                DIALOGUE.parties(), DIALOGUE.turns(), DIALOGUE.outcome(), attributes);
    }

    /** With a time budget so generous that a stop can only come from the statement limit or a refusal. */
    private static void assertRefused(String source, String problem) {
        assertRefused(Map.of("source", source, "timeoutMillis", ScriptConfig.MAX_TIMEOUT_MILLIS), problem);
    }

    private static void assertRefused(Map<String, Object> config, String problem) {
        assertThatThrownBy(() -> {
            try (PreparedOperator operator = prepare(use("hostile", config))) {
                annotate(operator, DIALOGUE);
            }
        }).isInstanceOf(PluginException.class).hasMessageStartingWith("script 'hostile' at rules.parley:").hasMessageContaining(problem);
    }
}
