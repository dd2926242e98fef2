package io.parley.dsl.checker;

import io.parley.dsl.ast.ConfigEntry;
import io.parley.dsl.ast.ConfigEntry.ConfigValue;
import io.parley.dsl.ast.Declaration;
import io.parley.dsl.ast.Identifier;
import io.parley.dsl.ast.ScriptSource;
import io.parley.dsl.diagnostics.DiagnosticCode;
import io.parley.dsl.diagnostics.Diagnostics;
import io.parley.dsl.source.Span;
import io.parley.engine.api.NameSuggestions;
import io.parley.engine.api.ruleset.PluginBinding;
import io.parley.engine.spi.plugin.ConfigValidator;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks the plugin uses of a file (operators, scripts) against the plugins on the classpath, with
 * the same option checks the engine applies, and builds the bindings the runtime gets. A script
 * becomes the options {@code source}, {@code line} and {@code column} (where its first character
 * sits in the rule file, so the plugin can point its own errors there); a script file becomes
 * {@code source} (its text, so a published rule set does not change when the file does),
 * {@code file}, and line and column 1.
 */
final class PluginUses {
    static final String SOURCE = "source";
    static final String FILE = "file";
    static final String LINE = "line";
    static final String COLUMN = "column";

    private final Diagnostics diagnostics;
    private final PluginCatalog catalog;

    PluginUses(Diagnostics diagnostics, PluginCatalog catalog) {
        this.diagnostics = diagnostics;
        this.catalog = catalog;
    }

    /** {@code operator name = plugin { … }}; empty when it has an error (reported). */
    Optional<PluginBinding> operator(Declaration.Operator operator) {
        Map<String, Object> config = new LinkedHashMap<>();
        Map<String, ConfigEntry> entries = new HashMap<>();
        boolean wellFormed = true;
        for (ConfigEntry entry : operator.options()) {
            ConfigEntry first = entries.putIfAbsent(entry.key().name(), entry);
            if (first != null) {
                diagnostics.report(DiagnosticCode.INVALID_PLUGIN_OPTION, entry.key().span(),
                        "option '" + entry.key().name() + "' is already given on " + diagnostics.lineOf(first.span()),
                        "give each option once");
                wellFormed = false;
            } else {
                config.put(entry.key().name(), value(entry.value()));
            }
        }
        Optional<PluginInfo> plugin = plugin(PluginKind.OPERATOR, operator.plugin());
        boolean valid = plugin.map(info -> validate(info, config, problem -> switch (problem.reason()) {
            case UNKNOWN_OPTION -> entries.get(problem.option()).key().span();
            case WRONG_TYPE -> entries.get(problem.option()).value().span();
            case MISSING_OPTION -> operator.plugin().span();
        })).orElse(false);
        return wellFormed && valid
                ? Optional.of(new PluginBinding(operator.plugin().name(), config, diagnostics.locationOf(operator.plugin().span())))
                : Optional.empty();
    }

    /** A script as an operator, a formula or a mapper; empty when it has an error (reported). */
    Optional<PluginBinding> script(Declaration.Script script, PluginKind kind) {
        ScriptSource source = script.source();
        Optional<PluginInfo> plugin = plugin(kind, source.language());
        Optional<Map<String, Object>> config = switch (source) {
            case ScriptSource.Inline inline -> inline(inline);
            case ScriptSource.File file -> file(file);
        };
        if (plugin.isEmpty() || config.isEmpty()) {
            return Optional.empty();
        }
        // The options come from the script form, not from the user: a problem means the plugin cannot take scripts.
        boolean valid = validate(plugin.get(), config.get(), problem -> source.span());
        return valid
                ? Optional.of(new PluginBinding(source.language().name(), config.get(), diagnostics.locationOf(source.span())))
                : Optional.empty();
    }

    /**
     * A model-backed operator the language writes for the user ({@code intent}, {@code similar to},
     * {@code sentiment}): checked against its plugin when one is installed; otherwise accepted as
     * is, since model plugins are often deployed apart from the rules, and the engine reports a
     * missing one when it loads the rule set. Empty when the installed plugin refuses the options.
     */
    Optional<PluginBinding> model(String pluginId, Map<String, Object> config, Span at) {
        Optional<PluginInfo> plugin = catalog.find(PluginKind.OPERATOR, pluginId);
        boolean valid = plugin.map(info -> validate(info, config, problem -> at)).orElse(true);
        return valid ? Optional.of(new PluginBinding(pluginId, config, diagnostics.locationOf(at))) : Optional.empty();
    }

    private Optional<Map<String, Object>> inline(ScriptSource.Inline inline) {
        if (inline.text().isBlank()) {
            diagnostics.report(DiagnosticCode.EMPTY_SCRIPT, inline.span(), "the script is empty",
                    "write the function between the quotes, like js\"\"\"(dialogue) => …\"\"\"");
            return Optional.empty();
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(SOURCE, inline.text());
        config.put(LINE, diagnostics.source().originLine(inline.textSpan().start()));
        config.put(COLUMN, diagnostics.source().column(inline.textSpan().start()));
        return Optional.of(config);
    }

    private Optional<Map<String, Object>> file(ScriptSource.File file) {
        Path path = resolve(file.path().value());
        String text;
        try {
            text = path == null ? null : Files.readString(path);
        } catch (IOException e) {
            text = null;
        }
        if (text == null) {
            diagnostics.report(DiagnosticCode.SCRIPT_FILE_NOT_FOUND, file.path().span(),
                    "cannot read script file " + (path == null ? "\"" + file.path().value() + "\"" : path),
                    "script files are found relative to the rule file");
            return Optional.empty();
        }
        if (text.isBlank()) {
            diagnostics.report(DiagnosticCode.EMPTY_SCRIPT, file.path().span(), "the script file " + path + " is empty",
                    "write the function in it, like (dialogue) => …");
            return Optional.empty();
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(SOURCE, text);
        config.put(FILE, path.toString());
        config.put(LINE, 1);
        config.put(COLUMN, 1);
        return Optional.of(config);
    }

    /** Relative to the rule file's folder when the rule file is a real file, else to the working directory; null if no path. */
    private Path resolve(String written) {
        try {
            Path ruleFile = Path.of(diagnostics.source().name());
            Path scriptFile = Path.of(written);
            return Files.isRegularFile(ruleFile) ? ruleFile.resolveSibling(scriptFile).normalize() : scriptFile.normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private Optional<PluginInfo> plugin(PluginKind kind, Identifier id) {
        Optional<PluginInfo> plugin = catalog.find(kind, id.name());
        if (plugin.isEmpty()) {
            List<String> known = catalog.ids(kind);
            String typo = NameSuggestions.didYouMean(id.name(), known);
            diagnostics.report(DiagnosticCode.UNKNOWN_PLUGIN, id.span(), "unknown " + kind.label() + " plugin '" + id.name() + "'",
                    typo != null ? typo : known.isEmpty() ? "no " + kind.label() + " plugin is installed"
                            : "installed " + kind.label() + " plugins: " + String.join(", ", known));
        }
        return plugin;
    }

    private boolean validate(PluginInfo plugin, Map<String, Object> config, Function<ConfigValidator.Problem, Span> where) {
        ConfigValidator.Result result = ConfigValidator.validate(plugin, config);
        result.problems().forEach(problem -> diagnostics.report(DiagnosticCode.INVALID_PLUGIN_OPTION, where.apply(problem),
                problem.message(), problem.suggestion()));
        return result.valid();
    }

    /** JSON-like: text, whole numbers as Long, other numbers as Double, booleans, lists, maps. */
    private static Object value(ConfigValue value) {
        return switch (value) {
            case ConfigValue.Text text -> text.value();
            case ConfigValue.Number number -> number.whole() ? (Object) (long) number.value() : (Object) number.value();
            case ConfigValue.Bool bool -> bool.value();
            case ConfigValue.ListValue list -> list.items().stream().map(PluginUses::value).toList();
            case ConfigValue.MapValue map -> {
                Map<String, Object> entries = new LinkedHashMap<>();
                map.entries().forEach(entry -> entries.putIfAbsent(entry.key().name(), value(entry.value())));
                yield entries;
            }
        };
    }
}
