package io.parley.dsl;

import io.parley.dsl.ast.Declaration;
import io.parley.dsl.ast.DeclarationKind;
import io.parley.dsl.ast.GradeBand;
import io.parley.dsl.ast.RuleSetFile;
import io.parley.dsl.ast.ScoreItem;
import io.parley.dsl.diagnostics.DiagnosticCode;
import io.parley.dsl.diagnostics.Diagnostics;
import io.parley.dsl.parser.Parser;
import io.parley.dsl.source.SourceFile;
import io.parley.dsl.source.Span;
import io.parley.engine.api.Diagnostic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code import "…"} and {@code extends "…"}: the files named (relative to the including file's
 * folder) are appended to its text, without their template header and tests, each starting on a
 * line of its own, and the whole is parsed as one file whose diagnostics still name the file and
 * line each problem is in. For {@code extends}, a declaration of the including file replaces the
 * extended file's declaration of the same name (lexicons, patterns, entities, intents and operators
 * share one namespace; rules, checkpoints, stages and SOPs another; signals and parties their own), and its
 * scorecard is merged into the extended one item by item. Imports replace nothing: a name declared
 * twice is the usual duplicate. Included files may include others in turn, found relative to their
 * own folder; each file's replacements apply to what it extends, deepest first. A file that
 * includes itself, directly or through others, is a cycle, reported with the chain.
 */
final class Includes {
    /** The file as the checker sees it. */
    record Composed(SourceFile source, Diagnostics diagnostics, RuleSetFile syntax) {
    }

    private Includes() {
    }

    /**
     * A file's place in the composed text: its own text at {@code [start, ownEnd)}, then the files
     * it includes (each followed by what it includes in turn) up to {@code end}.
     *
     * @param extended the files it extends, whose declarations its own replace
     */
    private record Region(int start, int ownEnd, int end, List<Region> extended, List<Region> children) {
    }

    static Composed compose(String fileName, String text) {
        SourceFile file = new SourceFile(fileName, text);
        Diagnostics diagnostics = new Diagnostics(file);
        RuleSetFile syntax = Parser.parse(file, diagnostics);
        if (includesOf(syntax).isEmpty()) {
            return new Composed(file, diagnostics, syntax);
        }
        Composition composition = new Composition(text);
        Region root = composition.expand(fileName, 0, syntax, new ArrayList<>(List.of(normalized(fileName))));
        SourceFile composed = new SourceFile(fileName, composition.text.toString(), composition.segments);
        Diagnostics composedDiagnostics = new Diagnostics(composed);
        RuleSetFile all = Parser.parse(composed, composedDiagnostics);
        composition.problems.forEach((span, problem) -> composedDiagnostics.report(problem.code(), span, problem.message(),
                problem.suggestion()));
        List<Declaration> declarations = all.declarations();
        for (Region region : postOrder(root, new ArrayList<>())) {
            declarations = override(declarations, region);
        }
        return new Composed(composed, composedDiagnostics, new RuleSetFile(declarations));
    }

    private record Problem(DiagnosticCode code, String message, String suggestion) {
    }

    /** The composed text as it grows: every included file appended, depth first, each on a line of its own. */
    private static final class Composition {
        private final StringBuilder text;
        private final List<SourceFile.Segment> segments = new ArrayList<>();
        private final Map<Span, Problem> problems = new LinkedHashMap<>();

        Composition(String text) {
            this.text = new StringBuilder(text);
        }

        /**
         * Appends what the file at {@code start} of the text includes, and what those include.
         *
         * @param chain the files including this one, itself last, to tell a cycle
         */
        Region expand(String fileName, int start, RuleSetFile parsed, List<Path> chain) {
            int ownEnd = text.length();
            List<Region> extended = new ArrayList<>();
            List<Region> children = new ArrayList<>();
            for (Declaration.Include include : includesOf(parsed)) {
                Span at = include.path().span().shift(start);
                Path path = resolve(fileName, include.path().value());
                int cycleStart = path == null ? -1 : indexOf(chain, path);
                if (cycleStart >= 0) {
                    List<String> names = new ArrayList<>(chain.subList(cycleStart, chain.size()).stream()
                            .map(Path::toString).toList());
                    names.add(path.toString());
                    problems.put(at, new Problem(DiagnosticCode.INCLUDE_CYCLE, "files include each other: "
                            + String.join(" → ", names), "an included file may include others, but not one that includes it"));
                    continue;
                }
                String included = read(path);
                if (included == null) {
                    problems.put(at, new Problem(DiagnosticCode.INVALID_INCLUDE, "cannot read "
                            + (path == null ? include.path().value() : path), SUGGESTION));
                    continue;
                }
                SourceFile includedFile = new SourceFile(path.toString(), included);
                Diagnostics own = new Diagnostics(includedFile);
                RuleSetFile includedSyntax = Parser.parse(includedFile, own);
                Optional<Diagnostic> error = own.toList().stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).findFirst();
                if (error.isPresent()) {
                    Diagnostic first = error.get();
                    problems.put(at, new Problem(DiagnosticCode.INVALID_INCLUDE, path + " has errors, the first at "
                            + first.file() + ":" + first.line() + ":" + first.column() + ": " + first.message(), SUGGESTION));
                    continue;
                }
                text.append('\n');
                int includedStart = text.length();
                segments.add(new SourceFile.Segment(includedStart, path.toString()));
                text.append(blankOut(included, includedSyntax));
                chain.add(path);
                Region region = expand(path.toString(), includedStart, includedSyntax, chain);
                chain.removeLast();
                children.add(region);
                if (include.extension()) {
                    extended.add(region);
                }
            }
            return new Region(start, ownEnd, text.length(), extended, children);
        }
    }

    private static final String SUGGESTION = "files are found relative to this file's folder, and must compile on their own";

    private static List<Declaration.Include> includesOf(RuleSetFile syntax) {
        return syntax.declarations().stream()
                .filter(Declaration.Include.class::isInstance).map(Declaration.Include.class::cast).toList();
    }

    /** Deepest first, so a file's own replacements are made before the file that includes it makes its. */
    private static List<Region> postOrder(Region region, List<Region> into) {
        region.children().forEach(child -> postOrder(child, into));
        into.add(region);
        return into;
    }

    /** Where the file is in the chain, comparing where the paths lead rather than how they are written. */
    private static int indexOf(List<Path> chain, Path path) {
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i) != null && chain.get(i).toAbsolutePath().normalize().equals(path.toAbsolutePath().normalize())) {
                return i;
            }
        }
        return -1;
    }

    private static Path normalized(String fileName) {
        try {
            return Path.of(fileName).normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** The included text with its template header, tests and includes turned to blanks, lines kept. */
    private static String blankOut(String text, RuleSetFile parsed) {
        char[] chars = text.toCharArray();
        for (Declaration declaration : parsed.declarations()) {
            DeclarationKind kind = declaration.kind();
            if (kind == DeclarationKind.TEMPLATE || kind == DeclarationKind.TEST) {
                for (int i = declaration.span().start(); i < declaration.span().end(); i++) {
                    if (chars[i] != '\n' && chars[i] != '\r') {
                        chars[i] = ' ';
                    }
                }
            }
        }
        return new String(chars);
    }

    /**
     * Drops from the files a region extends (with what they include) what the region's own text
     * replaces, and merges their scorecards into its own.
     */
    private static List<Declaration> override(List<Declaration> all, Region region) {
        if (region.extended().isEmpty()) {
            return all;
        }
        Map<String, Declaration> own = new HashMap<>();
        Declaration.Scorecard ownCard = null;
        for (Declaration declaration : all) {
            int start = declaration.span().start();
            if (region.start() <= start && start < region.ownEnd()) {
                key(declaration).ifPresent(key -> own.putIfAbsent(key, declaration));
                if (declaration instanceof Declaration.Scorecard card && ownCard == null) {
                    ownCard = card;
                }
            }
        }
        List<Declaration> kept = new ArrayList<>();
        Declaration.Scorecard merged = ownCard;
        for (Declaration declaration : all) {
            boolean fromExtended = region.extended().stream().anyMatch(extended -> extended.start() <= declaration.span().start()
                    && declaration.span().start() < extended.end());
            if (!fromExtended) {
                kept.add(declaration);
            } else if (declaration instanceof Declaration.Scorecard base && merged != null) {
                merged = merge(base, merged);
            } else if (key(declaration).map(key -> !own.containsKey(key)).orElse(true)) {
                kept.add(declaration);
            }
        }
        Declaration.Scorecard finalCard = merged;
        Declaration.Scorecard replaced = ownCard;
        return kept.stream().map(d -> d == replaced ? finalCard : d).toList();
    }

    /** The namespace and name a declaration declares, if it declares one. */
    private static Optional<String> key(Declaration declaration) {
        return switch (declaration) {
            case Declaration.Lexicon lexicon -> Optional.of("term:" + lexicon.name().name());
            case Declaration.Pattern pattern -> Optional.of("term:" + pattern.name().name());
            case Declaration.Entity entity -> Optional.of("term:" + entity.name().name());
            case Declaration.Intent intent -> Optional.of("term:" + intent.name().name());
            case Declaration.Operator operator -> Optional.of("term:" + operator.name().name());
            case Declaration.Script script -> script.name().map(name -> "term:" + name.name())
                    .or(() -> Optional.of("script:" + script.role().keyword()));
            case Declaration.Rule rule -> Optional.of("rule:" + rule.id().name());
            case Declaration.Checkpoint checkpoint -> Optional.of("rule:" + checkpoint.id().name());
            case Declaration.Stage stage -> Optional.of("rule:" + stage.id().name());
            case Declaration.Sop sop -> Optional.of("rule:" + sop.id().name());
            case Declaration.Signal signal -> Optional.of("signal:" + signal.name().name());
            case Declaration.Party party -> Optional.of("party:" + party.name().name());
            default -> Optional.empty();
        };
    }

    /**
     * The extended scorecard with the including file's changes: its header (name, base, floor),
     * its items in place of the extended file's for the same rule (keeping their section unless it
     * names one), its new items and sections after, its grades when it has any.
     */
    private static Declaration.Scorecard merge(Declaration.Scorecard base, Declaration.Scorecard own) {
        Map<String, ScoreItem> ownItems = new LinkedHashMap<>();
        own.items().forEach(item -> ownItems.putIfAbsent(item.rule().name(), item));
        List<ScoreItem> items = new ArrayList<>();
        for (ScoreItem item : base.items()) {
            ScoreItem replacement = ownItems.remove(item.rule().name());
            items.add(replacement == null ? item : new ScoreItem(replacement.rule(), replacement.effect(),
                    replacement.section().or(item::section), replacement.span()));
        }
        items.addAll(ownItems.values());
        Map<String, Declaration.Section> sections = new LinkedHashMap<>();
        base.sections().forEach(section -> sections.put(section.name().name(), section));
        own.sections().forEach(section -> sections.put(section.name().name(), section));
        List<GradeBand> grades = own.grades().isEmpty() ? base.grades() : own.grades();
        return new Declaration.Scorecard(own.name(), own.base(), own.floor().or(base::floor), items,
                List.copyOf(sections.values()), grades, own.span());
    }

    private static Path resolve(String fileName, String written) {
        try {
            Path file = Path.of(fileName);
            Path target = Path.of(written);
            return Files.isRegularFile(file) ? file.resolveSibling(target).normalize() : target.normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static String read(Path path) {
        try {
            return path == null ? null : Files.readString(path);
        } catch (IOException e) {
            return null;
        }
    }
}
