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
 * share one namespace; rules, checkpoints and stages another; signals, SOPs and parties their own), and its
 * scorecard is merged into the extended one item by item. Imports replace nothing: a name declared
 * twice is the usual duplicate. Included files may not include others themselves.
 */
final class Includes {
    /** The file as the checker sees it. */
    record Composed(SourceFile source, Diagnostics diagnostics, RuleSetFile syntax) {
    }

    private Includes() {
    }

    static Composed compose(String fileName, String text) {
        SourceFile file = new SourceFile(fileName, text);
        Diagnostics diagnostics = new Diagnostics(file);
        RuleSetFile syntax = Parser.parse(file, diagnostics);
        List<Declaration.Include> includes = syntax.declarations().stream()
                .filter(Declaration.Include.class::isInstance).map(Declaration.Include.class::cast).toList();
        if (includes.isEmpty()) {
            return new Composed(file, diagnostics, syntax);
        }
        StringBuilder combined = new StringBuilder(text);
        List<SourceFile.Segment> segments = new ArrayList<>();
        List<Span> extended = new ArrayList<>();
        Map<Span, String> problems = new LinkedHashMap<>();
        for (Declaration.Include include : includes) {
            Path path = resolve(fileName, include.path().value());
            String included = read(path);
            if (included == null) {
                problems.put(include.path().span(), "cannot read " + (path == null ? include.path().value() : path));
                continue;
            }
            SourceFile includedFile = new SourceFile(path.toString(), included);
            Diagnostics own = new Diagnostics(includedFile);
            RuleSetFile parsed = Parser.parse(includedFile, own);
            Optional<Diagnostic> error = own.toList().stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).findFirst();
            if (error.isPresent()) {
                Diagnostic first = error.get();
                problems.put(include.path().span(), path + " has errors, the first at " + first.file() + ":" + first.line()
                        + ":" + first.column() + ": " + first.message());
                continue;
            }
            if (parsed.declarations().stream().anyMatch(Declaration.Include.class::isInstance)) {
                problems.put(include.path().span(), path + " imports or extends other files itself; only the file you compile may");
                continue;
            }
            combined.append('\n');
            int start = combined.length();
            segments.add(new SourceFile.Segment(start, path.toString()));
            combined.append(blankOut(included, parsed));
            if (include.extension()) {
                extended.add(new Span(start, combined.length()));
            }
        }
        SourceFile composed = new SourceFile(fileName, combined.toString(), segments);
        Diagnostics composedDiagnostics = new Diagnostics(composed);
        RuleSetFile all = Parser.parse(composed, composedDiagnostics);
        problems.forEach((span, message) -> composedDiagnostics.report(DiagnosticCode.INVALID_INCLUDE, span, message,
                "files are found relative to this file's folder, and must compile on their own"));
        return new Composed(composed, composedDiagnostics, override(all, text.length(), extended));
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

    /** Drops what the including file replaces from extended files, and merges their scorecards. */
    private static RuleSetFile override(RuleSetFile all, int ownEnd, List<Span> extended) {
        Map<String, Declaration> own = new HashMap<>();
        Declaration.Scorecard ownCard = null;
        for (Declaration declaration : all.declarations()) {
            if (declaration.span().start() < ownEnd) {
                key(declaration).ifPresent(key -> own.putIfAbsent(key, declaration));
                if (declaration instanceof Declaration.Scorecard card && ownCard == null) {
                    ownCard = card;
                }
            }
        }
        List<Declaration> kept = new ArrayList<>();
        Declaration.Scorecard merged = ownCard;
        for (Declaration declaration : all.declarations()) {
            boolean fromExtended = extended.stream().anyMatch(span -> span.start() <= declaration.span().start()
                    && declaration.span().start() < span.end());
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
        return new RuleSetFile(kept.stream().map(d -> d == replaced ? finalCard : d).toList());
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
            case Declaration.Sop sop -> Optional.of("sop:" + sop.id().name());
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
