package io.parley.engine.impl.annotate;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import io.parley.engine.api.ruleset.PatternDefinition;
import io.parley.engine.spi.plugin.PluginException;

import java.util.List;
import java.util.function.Consumer;
import java.util.regex.PatternSyntaxException;

/**
 * Emits a {@code regex} signal for every non-empty match of every pattern of a rule set.
 *
 * <p>Patterns are written by rule authors, so they run on RE2/J, whose matching time is linear in
 * the text: {@code (.*a){20}} over a long near miss, which backtracks for ever in
 * {@code java.util.regex} (and ignores interrupts), finishes at once. A pattern is first checked
 * as a Java regex, so syntax errors read as before. A pattern that RE2 cannot run (backreferences,
 * lookaround, possessive quantifiers: existing rule sets use lookaround as a word boundary) runs on
 * {@code java.util.regex} over a text that counts the engine's character reads: past
 * {@value #MAX_BACKTRACKING_STEPS} on one turn the evaluation fails, naming the pattern and the limit.
 */
public final class RegexAnnotator {
    public static final String KIND = "regex";

    /** Most characters the backtracking engine may read for one pattern on one turn. */
    public static final long MAX_BACKTRACKING_STEPS = 5_000_000;

    /** Exactly one of {@code linear} and {@code backtracking} is set. */
    private record NamedPattern(String name, Pattern linear, java.util.regex.Pattern backtracking) {
    }

    private final List<NamedPattern> patterns;

    /** @throws IllegalArgumentException naming the first pattern that is not a valid Java regex */
    public RegexAnnotator(List<PatternDefinition> definitions) {
        this.patterns = definitions.stream().map(RegexAnnotator::compile).toList();
    }

    private static NamedPattern compile(PatternDefinition definition) {
        java.util.regex.Pattern backtracking;
        try {
            backtracking = java.util.regex.Pattern.compile(definition.regex());
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("pattern '" + definition.name() + "': " + e.getMessage(), e);
        }
        try {
            return new NamedPattern(definition.name(), Pattern.compile(definition.regex()), null);
        } catch (com.google.re2j.PatternSyntaxException notLinear) {
            return new NamedPattern(definition.name(), null, backtracking);
        }
    }

    /** Thread-safe: the annotator is built once per rule set and shared by every evaluation. */
    public void annotate(TurnFact turn, Consumer<SignalFact> signals) {
        String text = turn.getText();
        if (text == null) {
            return;
        }
        for (NamedPattern named : patterns) {
            if (named.linear() != null) {
                Matcher matcher = named.linear().matcher(text);
                while (matcher.find()) {
                    emit(named, turn, matcher.start(), matcher.end(), signals);
                }
            } else {
                BoundedText bounded = new BoundedText(text, named.name(), turn.getIndex());
                java.util.regex.Matcher matcher = named.backtracking().matcher(bounded);
                while (matcher.find()) {
                    emit(named, turn, matcher.start(), matcher.end(), signals);
                }
            }
        }
    }

    private static void emit(NamedPattern named, TurnFact turn, int start, int end, Consumer<SignalFact> signals) {
        // An empty match (e.g. of "a*") points at nothing a rule or a reviewer could use.
        if (end > start) {
            String matched = turn.getText().substring(start, end);
            signals.accept(new SignalFact(KIND, named.name(), matched, turn.getIndex(), turn.getRole(),
                    turn.getRoleIndex(), start, end, matched));
        }
    }

    /** A turn's text that fails the evaluation once the backtracking engine has read too many characters of it. */
    private static final class BoundedText implements CharSequence {
        private final String text;
        private final String pattern;
        private final int turn;
        private long steps;

        BoundedText(String text, String pattern, int turn) {
            this.text = text;
            this.pattern = pattern;
            this.turn = turn;
        }

        @Override
        public char charAt(int index) {
            if (++steps > MAX_BACKTRACKING_STEPS) {
                throw new PluginException("pattern '" + pattern + "' stopped on turn " + (turn + 1) + ": it read more than "
                        + MAX_BACKTRACKING_STEPS + " characters, the limit of the backtracking regex engine that runs "
                        + "lookaround and backreferences (docs/operations.md#limits-of-user-computations)");
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
