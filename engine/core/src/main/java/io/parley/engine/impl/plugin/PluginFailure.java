package io.parley.engine.impl.plugin;

import io.parley.engine.spi.plugin.PluginException;
import io.parley.engine.spi.plugin.PluginInfo;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Plugin code failed while serving one request (annotating a dialogue, scoring it, mapping a raw
 * record): a {@link PluginException}, any other runtime exception, or a stack overflow from a
 * runaway script. Only that request fails. The message names the use and the plugin:
 * {@code operator 'long_wait' (js 0.1.0) failed: <reason>}.
 */
public final class PluginFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // exceptions never leave the process, so are never serialised
    private final PluginInfo plugin;
    private final String name;

    private PluginFailure(PluginInfo plugin, String name, Throwable cause) {
        super(plugin.kind().label() + " '" + name + "' (" + plugin.id() + " " + plugin.version() + ") failed: "
                + reason(cause), cause);
        this.plugin = plugin;
        this.name = name;
    }

    /**
     * Runs plugin code within a time budget; a failure, or a call that takes longer than
     * {@code budget} (see {@link PluginWatchdog}), comes back as a {@link PluginFailure}.
     *
     * @param name what the rule set calls this use (an operator's name, a scorecard's name, "map")
     */
    public static <T> T guard(PluginInfo plugin, String name, Duration budget, Supplier<T> call) {
        PluginWatchdog.Call watch = PluginWatchdog.start(budget);
        T result;
        try {
            result = call.get();
        } catch (RuntimeException | StackOverflowError e) {
            Duration overBudget = watch.finish();
            throw new PluginFailure(plugin, name, overBudget == null ? e : overBudget(overBudget, budget));
        }
        Duration overBudget = watch.finish();
        if (overBudget != null) {
            throw new PluginFailure(plugin, name, overBudget(overBudget, budget));
        }
        return result;
    }

    public static void guard(PluginInfo plugin, String name, Duration budget, Runnable call) {
        guard(plugin, name, budget, () -> {
            call.run();
            return null;
        });
    }

    private static PluginException overBudget(Duration took, Duration budget) {
        return new PluginException("took " + took.toMillis() + " ms, over its time budget of " + budget.toMillis()
                + " ms (set with -D" + PluginRegistry.CALL_BUDGET_PROPERTY + ")");
    }

    public PluginInfo plugin() {
        return plugin;
    }

    /** What the rule set calls the failed use. */
    public String name() {
        return name;
    }

    /** A plugin's own message is meant for users; anything else is named by its type too. */
    private static String reason(Throwable cause) {
        if (cause instanceof PluginException) {
            return cause.getMessage();
        }
        if (cause instanceof StackOverflowError) {
            return "stack overflow (runaway recursion?)";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
