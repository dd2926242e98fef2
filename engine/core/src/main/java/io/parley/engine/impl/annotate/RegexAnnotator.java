package io.parley.engine.impl.annotate;

import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import io.parley.engine.api.ruleset.PatternDefinition;

import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Emits a {@code regex} signal for every non-empty match of every pattern of a rule set. */
public final class RegexAnnotator {
    public static final String KIND = "regex";

    private record NamedPattern(String name, Pattern pattern) {
    }

    private final List<NamedPattern> patterns;

    /** @throws IllegalArgumentException naming the first pattern that is not a valid Java regex */
    public RegexAnnotator(List<PatternDefinition> definitions) {
        this.patterns = definitions.stream().map(RegexAnnotator::compile).toList();
    }

    private static NamedPattern compile(PatternDefinition definition) {
        try {
            return new NamedPattern(definition.name(), Pattern.compile(definition.regex()));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("pattern '" + definition.name() + "': " + e.getMessage(), e);
        }
    }

    /** Thread-safe: the annotator is built once per rule set and shared by every evaluation. */
    public void annotate(TurnFact turn, Consumer<SignalFact> signals) {
        String text = turn.getText();
        if (text == null) {
            return;
        }
        for (NamedPattern named : patterns) {
            Matcher matcher = named.pattern().matcher(text);
            while (matcher.find()) {
                // An empty match (e.g. of "a*") points at nothing a rule or a reviewer could use.
                if (matcher.end() > matcher.start()) {
                    String matched = matcher.group();
                    signals.accept(new SignalFact(KIND, named.name(), matched, turn.getIndex(), turn.getRole(),
                            turn.getRoleIndex(), matcher.start(), matcher.end(), matched));
                }
            }
        }
    }
}
