package io.parley.dsl.parser;

import io.parley.dsl.ast.Declaration;
import io.parley.dsl.ast.DeclarationKind;
import io.parley.dsl.ast.Identifier;
import io.parley.dsl.ast.RuleSetFile;
import io.parley.dsl.ast.StringLiteral;
import io.parley.dsl.diagnostics.Diagnostics;
import io.parley.dsl.source.SourceFile;
import io.parley.engine.api.NameSuggestions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static io.parley.dsl.parser.TokenCursor.identifier;

/**
 * Recursive-descent parser from tokens to a {@link RuleSetFile}. One method per grammar rule of
 * docs/dsl.md. On a syntax error it reports "expected …, found …", abandons the current declaration
 * (keeping its kind and name as a {@link Declaration.Malformed}) and resumes at the next top-level
 * keyword, so one run reports the first syntax error of every declaration. A few slips are
 * reported and read as meant without abandoning anything: a keyword used as a name, full-width
 * punctuation, a scorecard item without a sign.
 *
 * <p>This class reads the file declaration by declaration and recovers from errors; each part of the
 * grammar has its own parser ({@link DeclarationParser}, {@link PluginParser}, {@link ConditionParser},
 * {@link SopParser}, {@link ScorecardParser}, {@link TestBlockParser}), all sharing one {@link TokenCursor}.
 */
public final class Parser {
    private static final String DECLARATIONS =
            "'template', 'import', 'extends', 'lexicon', 'pattern', 'entity', 'intent', 'operator', 'script', 'signal', "
                    + "'rule', 'checkpoint', 'stage', 'sop', 'drools', 'scorecard', 'party' or 'test'";

    private final TokenCursor tokens;
    private final DeclarationParser declarations;
    private final PluginParser plugins;
    private final SopParser sops;
    private final ScorecardParser scorecards;
    private final TestBlockParser tests;

    private Parser(SourceFile source, Diagnostics diagnostics) {
        this.tokens = new TokenCursor(source, diagnostics);
        ConditionParser conditions = new ConditionParser(tokens);
        this.declarations = new DeclarationParser(tokens, conditions);
        this.plugins = new PluginParser(tokens);
        this.sops = new SopParser(tokens, conditions);
        this.scorecards = new ScorecardParser(tokens);
        this.tests = new TestBlockParser(tokens);
    }

    /** Parses a whole file; every lexical and syntax error goes to {@code diagnostics}. */
    public static RuleSetFile parse(SourceFile source, Diagnostics diagnostics) {
        return new Parser(source, diagnostics).file();
    }

    // file = { declaration }
    private RuleSetFile file() {
        List<Declaration> parsed = new ArrayList<>();
        while (!tokens.at(TokenKind.END_OF_FILE)) {
            if (tokens.atTopLevelKeyword()) {
                parsed.add(declaration());
            } else {
                tokens.reportExpected(DECLARATIONS, keywordTypo(), tokens.peek().span());
                tokens.synchronize();
            }
        }
        return new RuleSetFile(parsed);
    }

    private Declaration declaration() {
        Token keyword = tokens.advance();
        DeclarationKind kind = DeclarationKind.valueOf(keyword.text().toUpperCase(Locale.ROOT));
        Optional<Identifier> name = nameAhead(kind);
        try {
            Declaration declaration = switch (kind) {
                case TEMPLATE -> declarations.template(keyword);
                case PARTY -> declarations.party(keyword);
                case LEXICON -> declarations.lexicon(keyword);
                case PATTERN -> declarations.pattern(keyword);
                case OPERATOR -> plugins.operator(keyword);
                case SCRIPT -> plugins.script(keyword);
                case RULE -> declarations.rule(keyword);
                case SCORECARD -> scorecards.scorecard(keyword);
                case TEST -> tests.test(keyword);
                case ENTITY -> declarations.entity(keyword);
                case INTENT -> declarations.intent(keyword);
                case SIGNAL -> declarations.signal(keyword);
                case CHECKPOINT -> declarations.checkpoint(keyword);
                case STAGE -> sops.stage(keyword);
                case SOP -> sops.sop(keyword);
                case DROOLS -> declarations.drools(keyword);
                case IMPORT, EXTENDS -> {
                    StringLiteral path = tokens.string("the file's path in quotes, like \"template.parley\"");
                    yield new Declaration.Include(kind == DeclarationKind.EXTENDS, path, keyword.span().to(path.span()));
                }
            };
            if (!tokens.atTopLevelKeyword() && !tokens.at(TokenKind.END_OF_FILE)) {
                // A misspelt keyword is where the next declaration was meant to start: point at it.
                String typo = keywordTypo();
                tokens.reportExpected(continuationsAfter(declaration) + "the next declaration", typo,
                        typo != null ? tokens.peek().span() : tokens.errorSpan());
                tokens.synchronize();
            }
            return declaration;
        } catch (TokenCursor.SyntaxError reported) {
            tokens.synchronize();
            return new Declaration.Malformed(kind, name, keyword.span().to(tokens.previous().span()));
        }
    }

    /** The name a declaration is about to declare, kept even if the declaration turns out malformed. */
    private Optional<Identifier> nameAhead(DeclarationKind kind) {
        if (kind == DeclarationKind.SCRIPT) {
            // Only a script operator has a name: script operator NAME = …
            return tokens.atKeyword("operator") && tokens.peek(1).kind() == TokenKind.IDENTIFIER
                    ? Optional.of(identifier(tokens.peek(1))) : Optional.empty();
        }
        return tokens.at(TokenKind.IDENTIFIER) ? Optional.of(identifier(tokens.peek())) : Optional.empty();
    }

    /** "did you mean 'rule'?" when the current token is a misspelt top-level keyword, else null. */
    private String keywordTypo() {
        return tokens.at(TokenKind.IDENTIFIER) ? NameSuggestions.didYouMean(tokens.peek().text(), Keywords.TOP_LEVEL) : null;
    }

    /** What else could have followed a complete declaration, for the "expected" message. */
    private static String continuationsAfter(Declaration declaration) {
        return switch (declaration) {
            case Declaration.Rule rule -> "'and', 'or' or ";
            case Declaration.Signal signal -> "'and', 'or' or ";
            case Declaration.Checkpoint checkpoint -> "'and', 'or' or ";
            case Declaration.Stage stage -> "'and', 'or' or ";
            case Declaration.Sop sop -> "'->' or ";
            case Declaration.Scorecard scorecard when scorecard.grades().isEmpty() -> "a rule id, 'grades' or ";
            case Declaration.Scorecard scorecard -> "',' or ";
            default -> "";
        };
    }
}
