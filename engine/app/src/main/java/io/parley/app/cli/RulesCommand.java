package io.parley.app.cli;

import io.parley.app.CliException;
import io.parley.engine.api.DisplayWidth;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.impl.lifecycle.PublishedRuleSets;
import io.parley.engine.impl.lifecycle.RuleSetDiff;
import io.parley.engine.impl.lifecycle.RuleSetLifecycle;
import io.parley.engine.impl.lifecycle.RuleSetNotFoundException;
import io.parley.engine.impl.lifecycle.RuleSetRejectedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code parley rules push|publish|diff|list}: the rule-set lifecycle against the data directory
 * (or {@code --mongo-uri}). A running server keeps the embedded database to itself: use its HTTP
 * API then (docs/lifecycle.md).
 */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Rule-set versions in storage: push a draft, publish, diff, list.",
        subcommands = {RulesCommand.Push.class, RulesCommand.Publish.class, RulesCommand.Diff.class, RulesCommand.ListVersions.class})
final class RulesCommand {

    /** Runs {@code work} on the lifecycle, turning its refusals into exit 1 with the reason. */
    private static int withLifecycle(StorageOptions storage, Function<LifecycleSession, Integer> work) {
        try (LifecycleSession session = new LifecycleSession(storage)) {
            return work.apply(session);
        } catch (RuleSetNotFoundException e) {
            throw new CliException(e.getMessage());
        } catch (RuleSetRejectedException e) {
            e.diagnostics().forEach(d -> System.err.print(d.render()));
            throw new CliException(e.getMessage());
        }
    }

    private static RuleSetRef ref(String id, int version) {
        if (version < 1) {
            throw new CliException("VERSION must be 1 or more, was " + version);
        }
        return new RuleSetRef(id, version);
    }

    @Command(name = "push", mixinStandardHelpOptions = true,
            description = {"Check a rule file and store it as a draft version (the version in its template header).",
                    "Nothing is stored when it has errors. Publish it with 'parley rules publish'."})
    static final class Push implements Callable<Integer> {
        @Mixin
        StorageOptions storageOptions;

        @Parameters(paramLabel = "FILE", description = "The rule file (.parley).")
        Path file;

        @Override
        public Integer call() {
            String source;
            try {
                source = Files.readString(file);
            } catch (NoSuchFileException e) {
                throw new CliException("rule file not found: " + file);
            } catch (IOException e) {
                throw new CliException("cannot read rule file " + file + ": " + e.getMessage());
            }
            return withLifecycle(storageOptions, session -> {
                RuleSetLifecycle.Pushed pushed;
                try {
                    pushed = session.lifecycle().push(file.getFileName().toString(), source);
                } catch (IllegalStateException e) {
                    throw new CliException(e.getMessage());
                }
                pushed.diagnostics().forEach(d -> System.err.print(d.render()));
                if (pushed.rejected()) {
                    throw new CliException(file + " has errors (see above); nothing was stored");
                }
                RuleSetRef ref = pushed.stored().ref();
                System.out.println(pushed.created()
                        ? "stored " + ref + " as a draft; publish it with: parley rules publish " + ref.id() + " " + ref.version()
                        : ref + " is already stored with this source" + (pushed.stored().published() ? " (published)" : " (a draft)"));
                return 0;
            });
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Make a stored version the published one of its rule set (it must compile); a server serves it after its next start.")
    static final class Publish implements Callable<Integer> {
        @Mixin
        StorageOptions storageOptions;

        @Parameters(index = "0", paramLabel = "ID", description = "Rule-set id (the template's name).")
        String id;

        @Parameters(index = "1", paramLabel = "VERSION", description = "Stored version to publish.")
        int version;

        @Override
        public Integer call() {
            RuleSetRef ref = ref(id, version);
            return withLifecycle(storageOptions, session -> {
                PublishedRuleSets.Published published = session.lifecycle().publish(ref);
                System.out.println("published " + ref + (published.previous() == null || published.previous().equals(ref)
                        ? "" : " (was " + published.previous() + ")"));
                return 0;
            });
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "What changed between two stored versions: rules, conditions, severities, weights, lexicon terms.")
    static final class Diff implements Callable<Integer> {
        @Mixin
        StorageOptions storageOptions;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Parameters(index = "1", paramLabel = "FROM", description = "The older version.")
        int from;

        @Parameters(index = "2", paramLabel = "TO", description = "The newer version.")
        int to;

        @Override
        public Integer call() {
            RuleSetRef older = ref(id, from);
            RuleSetRef newer = ref(id, to);
            return withLifecycle(storageOptions, session -> {
                System.out.print(render(session.lifecycle().diff(older, newer)));
                return 0;
            });
        }

        static String render(RuleSetDiff diff) {
            StringBuilder out = new StringBuilder().append(diff.from()).append(" → ").append(diff.to()).append('\n');
            if (diff.isEmpty()) {
                return out.append("  no changes\n").toString();
            }
            line(out, "rules added", diff.rulesAdded());
            line(out, "rules removed", diff.rulesRemoved());
            for (RuleSetDiff.RuleChange rule : diff.rulesChanged()) {
                out.append("  rule ").append(rule.rule()).append(" changed\n");
                rule.changes().forEach(change -> change(out, change));
            }
            line(out, "lexicons added", diff.lexiconsAdded());
            line(out, "lexicons removed", diff.lexiconsRemoved());
            for (RuleSetDiff.LexiconChange lexicon : diff.lexiconsChanged()) {
                out.append("  lexicon ").append(lexicon.lexicon()).append(':')
                        .append(lexicon.termsAdded().stream().map(t -> " +" + t).collect(Collectors.joining()))
                        .append(lexicon.termsRemoved().stream().map(t -> " -" + t).collect(Collectors.joining())).append('\n');
            }
            if (!diff.patternsChanged().isEmpty()) {
                out.append("  patterns changed\n");
                diff.patternsChanged().forEach(change -> change(out, change));
            }
            if (!diff.scorecardChanged().isEmpty()) {
                out.append("  scorecard changed\n");
                diff.scorecardChanged().forEach(change -> change(out, change));
            }
            return out.toString();
        }

        private static void line(StringBuilder out, String label, List<String> names) {
            if (!names.isEmpty()) {
                out.append("  ").append(label).append(": ").append(String.join(", ", names)).append('\n');
            }
        }

        private static void change(StringBuilder out, RuleSetDiff.Change change) {
            if (change.field().equals("condition")) {
                out.append("    condition (as compiled to DRL):\n");
                text(change.from()).lines().forEach(l -> out.append("      - ").append(l).append('\n'));
                text(change.to()).lines().forEach(l -> out.append("      + ").append(l).append('\n'));
            } else {
                out.append("    ").append(change.field()).append(": ").append(text(change.from())).append(" → ")
                        .append(text(change.to())).append('\n');
            }
        }

        private static String text(Object value) {
            return value == null ? "(none)" : value.toString();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every stored rule set: its versions and the published one.")
    static final class ListVersions implements Callable<Integer> {
        @Mixin
        StorageOptions storageOptions;

        @Override
        public Integer call() {
            return withLifecycle(storageOptions, session -> {
                List<RuleSetLifecycle.RuleSetInfo> rulesets = session.lifecycle().list();
                if (rulesets.isEmpty()) {
                    System.out.println("no rule sets stored in " + session.storage().describe());
                    return 0;
                }
                int width = Math.max(12, rulesets.stream().mapToInt(r -> DisplayWidth.of(r.id())).max().orElse(0));
                System.out.println(DisplayWidth.padRight("rule set", width) + "  published  versions");
                for (RuleSetLifecycle.RuleSetInfo ruleset : rulesets) {
                    System.out.println(DisplayWidth.padRight(ruleset.id(), width) + "  "
                            + String.format("%-9s", ruleset.published() == null ? "-" : ruleset.published()) + "  "
                            + ruleset.versions().stream().map(String::valueOf).collect(Collectors.joining(", ")));
                }
                return 0;
            });
        }
    }
}
