package io.parley.ml.tools.intent;

import io.parley.ml.tools.ClassificationMetrics;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The lines both intent evaluations print, in one format: table rows, {@code eval.intent.*} metrics, top confusions. */
final class IntentReportLines {
    private static final int CONFUSIONS_SHOWN = 10;

    private IntentReportLines() {
    }

    /** A row of the comparison table: method, accuracy, macro-F1. */
    static String row(String method, ClassificationMetrics scores) {
        return String.format(Locale.ROOT, "# %-18s %8.4f  %8.4f", method, scores.accuracy(), scores.macroF1());
    }

    /** {@code eval.intent.<name> = <value>}. */
    static String metric(String name, double value) {
        return String.format(Locale.ROOT, "eval.intent.%s = %.4f", name, value);
    }

    /** A heading naming {@code what}, then its most frequent confusions. */
    static List<String> confusions(String what, ClassificationMetrics scores) {
        return Stream.concat(Stream.of("# top confusions of " + what + " (gold -> predicted: count)"),
                scores.confusions().stream().limit(CONFUSIONS_SHOWN)
                        .map(c -> "#   " + c.gold() + " -> " + c.predicted() + ": " + c.count())).toList();
    }
}
