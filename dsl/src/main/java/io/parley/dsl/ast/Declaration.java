package io.parley.dsl.ast;

import io.parley.dsl.source.Span;

import java.util.List;
import java.util.Optional;

/** A top-level declaration. Each kind starts with its own keyword, which is also where recovery resumes. */
public sealed interface Declaration {
    Span span();

    DeclarationKind kind();

    /** {@code template "id" version 1 language zh}: names the rule set; required, first. */
    record Template(StringLiteral id, IntLiteral version, StringLiteral language, Span span) implements Declaration {
        @Override
        public DeclarationKind kind() {
            return DeclarationKind.TEMPLATE;
        }
    }

    /** {@code party host}: a free role for multi-party channels, usable like {@code agent}. */
    record Party(Identifier name, Span span) implements Declaration {
        @Override
        public DeclarationKind kind() {
            return DeclarationKind.PARTY;
        }
    }

    /** {@code lexicon name = ["…", …]}. */
    record Lexicon(Identifier name, StringList terms, Span span) implements Declaration {
        @Override
        public DeclarationKind kind() {
            return DeclarationKind.LEXICON;
        }
    }

    /** {@code pattern name = /…/}. */
    record Pattern(Identifier name, RegexLiteral regex, Span span) implements Declaration {
        @Override
        public DeclarationKind kind() {
            return DeclarationKind.PATTERN;
        }
    }

    /** {@code operator name = plugin { key: value, … }}: a plugin operator whose signals rules match by name. */
    record Operator(Identifier name, Identifier plugin, List<ConfigEntry> options, Span span) implements Declaration {
        public Operator {
            options = List.copyOf(options);
        }

        @Override
        public DeclarationKind kind() {
            return DeclarationKind.OPERATOR;
        }
    }

    /**
     * {@code script operator name = js"""…"""}, {@code script score = …} or {@code script map = …}:
     * a script plugin as an operator, the scorecard's formula or the raw-record mapper.
     *
     * @param name the operator's name; empty for a formula or a mapper
     */
    record Script(ScriptRole role, Optional<Identifier> name, ScriptSource source, Span span) implements Declaration {
        @Override
        public DeclarationKind kind() {
            return DeclarationKind.SCRIPT;
        }
    }

    /** What a script declaration makes of its script. */
    enum ScriptRole {
        OPERATOR("operator"), SCORE("score"), MAP("map");

        private final String keyword;

        ScriptRole(String keyword) {
            this.keyword = keyword;
        }

        /** The word after {@code script}. */
        public String keyword() {
            return keyword;
        }
    }

    /**
     * {@code rule id "title" severity major tags ["…"]: condition}.
     *
     * @param severity as written; the checker knows the valid ones
     */
    record Rule(Identifier id, Optional<StringLiteral> title, Optional<Identifier> severity, Optional<StringList> tags,
                Condition condition, Span span) implements Declaration {
        @Override
        public DeclarationKind kind() {
            return DeclarationKind.RULE;
        }
    }

    /**
     * {@code scorecard name base 100 [floor 40]: items… [section …: items…]… grades …}.
     *
     * @param items every item, those of sections included (each names its section)
     */
    record Scorecard(Identifier name, NumberLiteral base, Optional<NumberLiteral> floor, List<ScoreItem> items,
                     List<Section> sections, List<GradeBand> grades, Span span) implements Declaration {
        public Scorecard {
            items = List.copyOf(items);
            sections = List.copyOf(sections);
            grades = List.copyOf(grades);
        }

        @Override
        public DeclarationKind kind() {
            return DeclarationKind.SCORECARD;
        }
    }

    /** {@code test "name" { dialogue { role: "text" … } expect … }}: a sample dialogue and what the rules make of it. */
    record Test(StringLiteral name, List<TestTurn> turns, List<Expectation> expectations, Span span)
            implements Declaration {
        public Test {
            turns = List.copyOf(turns);
            expectations = List.copyOf(expectations);
        }

        @Override
        public DeclarationKind kind() {
            return DeclarationKind.TEST;
        }
    }

    /** {@code section opening "开场" weight 30 cap 10:} in a scorecard. */
    record Section(Identifier name, Optional<StringLiteral> title, Optional<NumberLiteral> weight,
                   Optional<NumberLiteral> cap, Span span) {
    }

    /** {@code entity phone} (a built-in definition) or {@code entity coupon = /…/} (a custom one). */
    record Entity(Identifier name, Optional<RegexLiteral> regex, Span span) implements Declaration {
        @Override
        public DeclarationKind kind() {
            return DeclarationKind.ENTITY;
        }
    }

    /** {@code intent refund examples ["…", …] threshold 0.8}: an intent plugin operator by example phrases. */
    record Intent(Identifier name, StringList examples, Optional<NumberLiteral> threshold, Span span)
            implements Declaration {
        @Override
        public DeclarationKind kind() {
            return DeclarationKind.INTENT;
        }
    }

    /** {@code signal name = condition}: a named condition rules use by name. */
    record Signal(Identifier name, Condition condition, Span span) implements Declaration {
        @Override
        public DeclarationKind kind() {
            return DeclarationKind.SIGNAL;
        }
    }

    /**
     * {@code checkpoint id "title" severity major applies when CONDITION: CONDITION}: a required
     * step; not applicable when {@code applies} does not hold.
     */
    record Checkpoint(Identifier id, Optional<StringLiteral> title, Optional<Identifier> severity,
                      Optional<StringList> tags, Optional<Condition> applies, Condition condition, Span span)
            implements Declaration {
        @Override
        public DeclarationKind kind() {
            return DeclarationKind.CHECKPOINT;
        }
    }

    /**
     * {@code stage id "title" severity major: CONDITION}: a stage of an SOP, recognised on the turns
     * its condition's evidence points at.
     */
    record Stage(Identifier id, Optional<StringLiteral> title, Optional<Identifier> severity,
                 Optional<StringList> tags, Condition condition, Span span) implements Declaration {
        @Override
        public DeclarationKind kind() {
            return DeclarationKind.STAGE;
        }
    }

    /**
     * {@code sop id "title" applies when CONDITION: stage -> stage -> …}: the order a dialogue must go
     * through the stages in; every stage not applicable when {@code applies} does not hold.
     */
    record Sop(Identifier id, Optional<StringLiteral> title, Optional<Condition> applies, List<Identifier> stages,
               Span span) implements Declaration {
        public Sop {
            stages = List.copyOf(stages);
        }

        @Override
        public DeclarationKind kind() {
            return DeclarationKind.SOP;
        }
    }

    /**
     * {@code drools { rule "…" when … then … end }}: raw DRL rules compiled with the generated ones.
     *
     * @param drl     the text between the braces, as written
     * @param drlSpan where that text sits in the file
     * @param rules   the names of the DRL rules it declares, each with where it is written
     */
    record Drools(String drl, Span drlSpan, List<Identifier> rules, Span span) implements Declaration {
        public Drools {
            rules = List.copyOf(rules);
        }

        @Override
        public DeclarationKind kind() {
            return DeclarationKind.DROOLS;
        }
    }

    /**
     * {@code import "common.parley"} (its declarations join this file's) or {@code extends
     * "template.parley"} (they do, and this file's declarations of the same names replace theirs).
     */
    record Include(boolean extension, StringLiteral path, Span span) implements Declaration {
        @Override
        public DeclarationKind kind() {
            return extension ? DeclarationKind.EXTENDS : DeclarationKind.IMPORT;
        }
    }

    /**
     * A declaration with a syntax error, already reported. It keeps its kind and, when it got that
     * far, its name, so references to it do not cascade into "unknown name" errors.
     */
    record Malformed(DeclarationKind kind, Optional<Identifier> name, Span span) implements Declaration {
    }
}
