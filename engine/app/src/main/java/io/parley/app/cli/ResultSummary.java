package io.parley.app.cli;

import io.parley.engine.api.CheckpointResult;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.DisplayWidth;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Evidence;
import io.parley.engine.api.Hit;
import io.parley.engine.api.Score;
import io.parley.engine.api.ruleset.RuleDefinition;
import io.parley.engine.api.ruleset.RuleSetDefinition;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** What a run found, in the terms a QA lead reads: volumes, rule hits, scores, the worst dialogues. */
final class ResultSummary {
    private static final int BAR_WIDTH = 30;
    private static final int LOWEST_SHOWN = 3;

    private final RuleSetDefinition ruleset;
    private final Map<String, Integer> dialoguesPerRule = new LinkedHashMap<>();
    /** In the order the scorecard declares its bands, best first: grade names say nothing about rank. */
    private final Map<String, Integer> dialoguesPerGrade = new LinkedHashMap<>();
    private final int[] scoreBuckets = new int[10];
    private final List<EvaluationResult> lowest = new ArrayList<>();
    /** Per checkpoint, how many dialogues came to each status. */
    private final Map<String, Map<CheckpointResult.Status, Integer>> checkpointStatuses = new LinkedHashMap<>();
    private int dialogues;
    private int scored;
    private double scoreSum;

    ResultSummary(RuleSetDefinition ruleset) {
        this.ruleset = ruleset;
        ruleset.rules().forEach(rule -> dialoguesPerRule.put(rule.id(), 0));
        if (ruleset.scorecard() != null) {
            ruleset.scorecard().grades().forEach(band -> dialoguesPerGrade.put(band.grade(), 0));
        }
    }

    void add(EvaluationResult result) {
        dialogues++;
        result.hits().forEach(hit -> dialoguesPerRule.merge(hit.rule(), 1, Integer::sum));
        result.checkpoints().forEach(checkpoint -> checkpointStatuses
                .computeIfAbsent(checkpoint.checkpoint(), id -> new EnumMap<>(CheckpointResult.Status.class))
                .merge(checkpoint.status(), 1, Integer::sum));
        Score score = result.score();
        if (score == null) {
            return;
        }
        scored++;
        scoreSum += score.value();
        scoreBuckets[Math.min(9, (int) (score.value() / 10))]++;
        if (score.grade() != null) {
            dialoguesPerGrade.merge(score.grade(), 1, Integer::sum);
        }
        lowest.add(result);
        lowest.sort(Comparator.comparingDouble((EvaluationResult r) -> r.score().value())
                .thenComparing(EvaluationResult::dialogueId));
        if (lowest.size() > LOWEST_SHOWN) {
            lowest.removeLast();
        }
    }

    int dialogues() {
        return dialogues;
    }

    void print(PrintStream out, Function<String, Optional<Dialogue>> dialogueLookup) {
        out.printf("%nSummary for rule set %s%n", ruleset.ref());
        out.printf("  dialogues evaluated  %d%n", dialogues);
        if (scored > 0) {
            out.printf("  average score        %.1f%s%n", scoreSum / scored, gradeCounts());
            out.println("\n  score distribution");
            int widest = max(scoreBuckets);
            for (int bucket = 9; bucket >= 0; bucket--) {
                String range = bucket == 9 ? "90–100" : (bucket * 10) + "–" + (bucket * 10 + 9);
                out.printf("    %-7s %s %d%n", range, bar(scoreBuckets[bucket], widest), scoreBuckets[bucket]);
            }
        }
        out.println("\n  hits per rule (dialogues with at least one hit)");
        int widest = dialoguesPerRule.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        dialoguesPerRule.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> out.printf("    %-24s %s %4d %s%n", e.getKey(), DisplayWidth.padRight(title(e.getKey()), 16),
                        e.getValue(), bar(e.getValue(), widest)));
        if (!checkpointStatuses.isEmpty()) {
            out.println("\n  checkpoints (dialogues: passed / failed / not applicable)");
            checkpointStatuses.forEach((id, statuses) -> out.printf("    %-24s %s %4d / %d / %d%n", id,
                    DisplayWidth.padRight(title(id), 16), statuses.getOrDefault(CheckpointResult.Status.PASSED, 0),
                    statuses.getOrDefault(CheckpointResult.Status.FAILED, 0),
                    statuses.getOrDefault(CheckpointResult.Status.NOT_APPLICABLE, 0)));
        }
        if (!lowest.isEmpty()) {
            out.printf("%n  the %d lowest-scoring dialogues%n", lowest.size());
            lowest.forEach(result -> printDialogue(out, result, dialogueLookup.apply(result.dialogueId())));
        }
        out.println();
    }

    private void printDialogue(PrintStream out, EvaluationResult result, Optional<Dialogue> dialogue) {
        Score score = result.score();
        out.printf("    %s  score %s%s%s%n", result.dialogueId(), formatScore(score.value()),
                score.grade() == null ? "" : " (" + score.grade() + ")",
                score.vetoedBy() == null ? "" : "  vetoed by " + score.vetoedBy());
        for (Hit hit : result.hits()) {
            out.printf("      %s %s [%s]%n", hit.rule(), hit.title(), hit.severity());
            for (Evidence evidence : hit.evidence()) {
                // Evidence holds the index into the turns; people count turns from 1 (docs/decisions/0007).
                out.printf("        turn %d %s: %s%n", evidence.turn() + 1, evidence.role(),
                        dialogue.map(d -> excerpt(d, evidence)).orElse(evidence.text() == null ? "" : evidence.text()));
            }
        }
    }

    /** The turn's text with the matched span in 【】, shortened around the match. */
    static String excerpt(Dialogue dialogue, Evidence evidence) {
        if (evidence.turn() < 0 || evidence.turn() >= dialogue.turns().size()) {
            return "";
        }
        String text = dialogue.turns().get(evidence.turn()).text();
        if (evidence.span() == null || evidence.span().size() != 2) {
            return shorten(text, 0, text.length());
        }
        int start = evidence.span().get(0);
        int end = evidence.span().get(1);
        if (start < 0 || end > text.length() || start > end) {
            return shorten(text, 0, text.length());
        }
        String marked = text.substring(0, start) + "【" + text.substring(start, end) + "】" + text.substring(end);
        return shorten(marked, start, end + 2);
    }

    private static String shorten(String text, int focusStart, int focusEnd) {
        int context = 20;
        int from = Math.max(0, focusStart - context);
        int to = Math.min(text.length(), focusEnd + context);
        return (from > 0 ? "…" : "") + text.substring(from, to) + (to < text.length() ? "…" : "");
    }

    private String gradeCounts() {
        if (dialoguesPerGrade.values().stream().allMatch(count -> count == 0)) {
            return "";
        }
        StringBuilder out = new StringBuilder("   (grades:");
        dialoguesPerGrade.forEach((grade, count) -> {
            if (count > 0) {
                out.append(' ').append(grade).append(' ').append(count);
            }
        });
        return out.append(')').toString();
    }

    private String title(String ruleId) {
        return ruleset.rules().stream().filter(r -> r.id().equals(ruleId)).map(RuleDefinition::title)
                .findFirst().orElse("");
    }

    private static String formatScore(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format("%.1f", value);
    }

    private static String bar(int value, int widest) {
        return widest == 0 ? "" : "█".repeat((int) Math.round((double) value * BAR_WIDTH / widest));
    }

    private static int max(int[] values) {
        int max = 0;
        for (int v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
