package io.parley.plugins.js;

import io.parley.engine.spi.plugin.PluginException;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One script's fresh context for one unit of work (a dialogue, a record), used by the thread that
 * opened it. Every entry into guest code (setup, each call, reading results back) runs under the
 * watchdog and with the statement count reset, and every failure becomes a {@link PluginException}
 * that points into the rule file. Once a call was stopped, the session refuses further calls.
 */
final class JsSession implements AutoCloseable {
    private static final Pattern SYNTAX_ERROR_PREFIX = Pattern.compile("^SyntaxError: .*?:\\d+:\\d+ ");

    private final JsScript script;
    private final Context context;
    private final JsWatchdog.Watch watch;
    private final Value frozenJson;
    private final Value toJson;
    private final Value describeThrown;
    private final Value function;
    /** Shared with the other scripts run on the same dialogue, or null: only the script's own budgets apply. */
    private final DialogueBudget dialogueBudget;

    /** Takes ownership of {@code context}; closes it when setting up fails. */
    JsSession(JsScript script, Context context, JsWatchdog.Watch watch, Source prelude, DialogueBudget dialogueBudget) {
        this.script = script;
        this.dialogueBudget = dialogueBudget;
        this.context = context;
        this.watch = watch;
        try {
            Value helpers = guarded(JsSandbox.SETUP_BUDGET, 0, null, null, () -> context.eval(prelude));
            frozenJson = helpers.getMember("frozenJson");
            toJson = helpers.getMember("toJson");
            describeThrown = helpers.getMember("describeThrown");
            function = guarded(null, () -> context.eval(script.source()));
            if (!function.canExecute()) {
                throw script.failure("the script must evaluate to a function such as " + script.signature()
                        + ", but it evaluated to " + describe(function), null, null, null);
            }
        } catch (RuntimeException failed) {
            close();
            throw failed;
        }
    }

    /** {@code json} parsed into a deeply frozen JS value of this context. */
    Value frozenJson(String json) {
        return guarded(JsSandbox.SETUP_BUDGET, 0, null, null, () -> frozenJson.execute(json));
    }

    /**
     * Calls the script's function and reads its result with {@code read}, both within the call's
     * budgets (reading may run script code: getters, proxies). {@code detail} says what the call
     * was for in errors ("turn 3"), or null.
     */
    <T> T call(String detail, Function<Value, T> read, Object... arguments) {
        return guarded(detail, () -> read.apply(function.execute(arguments)));
    }

    /**
     * Calls the script's function and returns its result as JSON text, refused (with the path to
     * the culprit) unless it is plain JSON: no functions, cycles, symbols or non-finite numbers.
     */
    String callForJson(String detail, Object... arguments) {
        return guarded(detail, () -> toJson.execute(function.execute(arguments)).asString());
    }

    PluginException failure(String problem, String detail) {
        return script.failure(problem, null, detail, null);
    }

    /** Runs script code within the call's budgets: its own time budget, or what is left of the dialogue's if less. */
    private <T> T guarded(String detail, Supplier<T> work) {
        Duration budget = script.config().timeout();
        if (dialogueBudget == null) {
            return guarded(budget, JsSandbox.ALLOCATION_BUDGET_BYTES, null, detail, work);
        }
        long remaining = dialogueBudget.remainingNanos();
        if (remaining <= 0) {
            throw failure("stopped: used up " + dialogueBudget.describe(), detail);
        }
        String budgetName = null;
        if (remaining < budget.toNanos()) {
            budget = Duration.ofNanos(remaining);
            budgetName = dialogueBudget.describe();
        }
        long started = DialogueBudget.threadTime();
        try {
            return guarded(budget, JsSandbox.ALLOCATION_BUDGET_BYTES, budgetName, detail, work);
        } finally {
            dialogueBudget.spend(DialogueBudget.threadTime() - started);
        }
    }

    /** {@code budgetName}: how an overrun names the time budget (null: "its N ms time budget"). */
    private <T> T guarded(Duration budget, long allocationBudgetBytes, String budgetName, String detail, Supplier<T> work) {
        String stopped = watch.stopReason();
        if (stopped != null) {
            throw failure("stopped earlier: " + stopped, detail);
        }
        if (budgetName == null) {
            watch.begin(budget, allocationBudgetBytes);
        } else {
            watch.begin(budget, allocationBudgetBytes, budgetName);
        }
        try {
            context.resetLimits();
            return work.get();
        } catch (PolyglotException e) {
            throw translate(e, detail);
        } catch (IllegalStateException closed) { // the watchdog's close(true) landed between two calls
            String reason = watch.stopReason();
            throw script.failure(reason == null ? "failed: " + closed.getMessage() : "stopped: " + reason, null, detail, closed);
        } finally {
            watch.end();
        }
    }

    private PluginException translate(PolyglotException e, String detail) {
        SourceSection at = e.isSyntaxError() ? e.getSourceLocation() : scriptFrame(e);
        String stopReason = watch.stopReason();
        String problem;
        if (stopReason != null) {
            problem = "stopped: " + stopReason;
        } else if (e.isResourceExhausted()) {
            problem = e.isCancelled()
                    ? "stopped: executed more than its " + script.config().statementLimit() + "-statement limit"
                    : "stopped: ran out of memory (" + e.getMessage() + ")";
        } else if (e.isCancelled() || e.isInterrupted()) {
            problem = "stopped: " + e.getMessage();
        } else if (e.isSyntaxError()) {
            problem = syntaxProblem(e.getMessage());
        } else if (e.isGuestException()) {
            problem = thrownProblem(e);
        } else {
            problem = "failed inside the script engine: " + e.getMessage();
        }
        return script.failure(problem, at, detail, e);
    }

    /** The innermost frame in the script itself: where the script was when it failed. */
    private SourceSection scriptFrame(PolyglotException e) {
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            if (frame.isGuestFrame() && script.contains(frame.getSourceLocation())) {
                return frame.getSourceLocation();
            }
        }
        return null;
    }

    /** GraalJS writes "SyntaxError: script x:1:15 Expected …" plus the line and a caret; keep the words. */
    private static String syntaxProblem(String message) {
        String firstLine = message.lines().findFirst().orElse(message);
        Matcher prefix = SYNTAX_ERROR_PREFIX.matcher(firstLine);
        return prefix.find() ? "SyntaxError: " + firstLine.substring(prefix.end()) : firstLine;
    }

    private String thrownProblem(PolyglotException e) {
        Value thrown = e.getGuestObject();
        if (thrown == null) {
            return e.getMessage();
        }
        try {
            Value description = describeThrown.execute(thrown);
            return description.isNull() ? e.getMessage() : "threw " + description.asString() + ", which is not an Error";
        } catch (PolyglotException describingFailed) { // e.g. a thrown proxy whose traps throw
            return e.getMessage();
        }
    }

    /** What a value is, for messages, without running script code. */
    static String describe(Value value) {
        if (value.isNull()) {
            return "nothing (null or undefined)";
        }
        if (value.isString()) {
            return "a string";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        if (value.isNumber()) {
            return "the number " + value;
        }
        if (value.canExecute()) {
            return "a function";
        }
        String shown = value.toString();
        return shown.length() > 60 ? shown.substring(0, 57) + "..." : shown;
    }

    @Override
    public void close() {
        watch.close();
        try {
            context.close();
        } catch (PolyglotException | IllegalStateException alreadyStopped) {
            // a limit or the watchdog cancelled it; it is closed either way
        }
    }
}
