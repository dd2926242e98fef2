package io.parley.dsl.diagnostics;

import io.parley.engine.api.Diagnostic.Severity;

/**
 * Every problem the Parley compiler reports, with its stable code: PRL01xx syntax, PRL02xx names,
 * PRL03xx types and semantics, PRL09xx warnings. Codes are never reused or renumbered; docs/dsl.md
 * documents each one.
 */
public enum DiagnosticCode {
    UNEXPECTED_CHARACTER("PRL0101", Severity.ERROR),
    UNTERMINATED_STRING("PRL0102", Severity.ERROR),
    UNTERMINATED_REGEX("PRL0103", Severity.ERROR),
    INVALID_ESCAPE("PRL0104", Severity.ERROR),
    UNTERMINATED_SCRIPT("PRL0105", Severity.ERROR),
    UNTERMINATED_BLOCK("PRL0106", Severity.ERROR),
    UNEXPECTED_TOKEN("PRL0110", Severity.ERROR),
    MISSING_TEMPLATE("PRL0111", Severity.ERROR),
    TEMPLATE_NOT_FIRST("PRL0112", Severity.ERROR),
    KEYWORD_AS_NAME("PRL0113", Severity.ERROR),

    DUPLICATE_DECLARATION("PRL0201", Severity.ERROR),
    UNKNOWN_LEXICON("PRL0202", Severity.ERROR),
    UNKNOWN_PATTERN("PRL0203", Severity.ERROR),
    UNKNOWN_RULE("PRL0204", Severity.ERROR),
    UNKNOWN_ROLE("PRL0205", Severity.ERROR),
    UNKNOWN_SEVERITY("PRL0206", Severity.ERROR),
    DUPLICATE_SCORECARD_ENTRY("PRL0207", Severity.ERROR),
    UNKNOWN_OPERATOR("PRL0208", Severity.ERROR),
    UNKNOWN_PLUGIN("PRL0209", Severity.ERROR),
    UNKNOWN_GRADE("PRL0210", Severity.ERROR),
    UNKNOWN_ENTITY("PRL0211", Severity.ERROR),
    UNKNOWN_SIGNAL("PRL0212", Severity.ERROR),
    UNKNOWN_FIELD("PRL0213", Severity.ERROR),
    UNKNOWN_INTENT("PRL0214", Severity.ERROR),
    UNKNOWN_CHECKPOINT("PRL0215", Severity.ERROR),
    UNKNOWN_STAGE("PRL0216", Severity.ERROR),

    INVALID_REGEX("PRL0301", Severity.ERROR),
    COUNT_OUT_OF_RANGE("PRL0302", Severity.ERROR),
    POSITION_ROLE_MISMATCH("PRL0303", Severity.ERROR),
    EMPTY_POSITION("PRL0304", Severity.ERROR),
    EMPTY_LEXICON("PRL0305", Severity.ERROR),
    INVALID_SCORE_ITEM("PRL0306", Severity.ERROR),
    GRADES_NOT_DESCENDING("PRL0307", Severity.ERROR),
    SECOND_SCORECARD("PRL0308", Severity.ERROR),
    SCORE_OUT_OF_RANGE("PRL0309", Severity.ERROR),
    EMPTY_SCRIPT("PRL0310", Severity.ERROR),
    INVALID_PLUGIN_OPTION("PRL0311", Severity.ERROR),
    SCRIPT_FILE_NOT_FOUND("PRL0312", Severity.ERROR),
    FORMULA_WITHOUT_SCORECARD("PRL0313", Severity.ERROR),
    INVALID_TIME("PRL0314", Severity.ERROR),
    INCOMPLETE_TEST("PRL0315", Severity.ERROR),
    EXPECTATION_WITHOUT_SCORECARD("PRL0316", Severity.ERROR),
    TURN_OUT_OF_RANGE("PRL0317", Severity.ERROR),
    NOT_A_TURN_CONDITION("PRL0318", Severity.ERROR),
    SIGNAL_CYCLE("PRL0319", Severity.ERROR),
    INVALID_DURATION("PRL0320", Severity.ERROR),
    INVALID_FIELD_VALUE("PRL0321", Severity.ERROR),
    SECTION_WEIGHTS("PRL0322", Severity.ERROR),
    THRESHOLD_OUT_OF_RANGE("PRL0323", Severity.ERROR),
    INVALID_PROXIMITY("PRL0324", Severity.ERROR),
    INVALID_DRL("PRL0325", Severity.ERROR),
    INVALID_INCLUDE("PRL0326", Severity.ERROR),
    STAGE_REPEATED_IN_SOP("PRL0327", Severity.ERROR),
    SOP_TOO_SHORT("PRL0328", Severity.ERROR),
    STAGE_IN_TWO_SOPS("PRL0329", Severity.ERROR),
    INCLUDE_CYCLE("PRL0330", Severity.ERROR),
    /** A rule file, a lexicon or a condition's nesting over the compiler's limits ({@link Limits}). */
    LIMIT_EXCEEDED("PRL0331", Severity.ERROR),

    DUPLICATE_TERM("PRL0901", Severity.WARNING),
    REDUNDANT_TERM("PRL0902", Severity.WARNING),
    UNSCORED_RULE("PRL0903", Severity.WARNING),
    UNUSED_DECLARATION("PRL0904", Severity.WARNING),
    UNGRADED_SCORES("PRL0905", Severity.WARNING),
    BACKTRACKING_REGEX("PRL0906", Severity.WARNING),
    ALWAYS_TRUE("PRL0907", Severity.WARNING);

    private final String code;
    private final Severity severity;

    DiagnosticCode(String code, Severity severity) {
        this.code = code;
        this.severity = severity;
    }

    public String code() {
        return code;
    }

    public Severity severity() {
        return severity;
    }
}
