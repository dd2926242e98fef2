package io.parley.workflow;

import io.parley.engine.api.RuleSetRef;
import io.parley.engine.spi.storage.VerdictStore;
import io.parley.engine.spi.storage.VerdictStore.HitVerdict;
import io.parley.engine.spi.storage.VerdictStore.Kind;
import io.parley.engine.spi.storage.VerdictStore.Verdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the stored verdicts say about the rules, the reviewers and the agents (docs/workflows.md
 * defines each figure):
 * <ul>
 *   <li><b>precision</b> per rule version: hits confirmed / hits judged, counting for each
 *   dialogue the latest judgment of the hit (an arbitration's over a review's);</li>
 *   <li><b>calibration agreement</b> from blind calibration reviews: per rule, pairwise percent
 *   agreement and Fleiss' kappa over the dialogues two or more reviewers judged; per reviewer, the
 *   share of their pairings with other reviewers that agree;</li>
 *   <li><b>agent tiers</b>: each agent's mean final score over a period, banded.</li>
 * </ul>
 */
public final class VerdictAnalytics {
    private static final Instant BEGINNING = Instant.EPOCH;
    private static final Instant END = Instant.parse("9999-12-31T23:59:59Z");

    private final VerdictStore verdicts;

    public VerdictAnalytics(VerdictStore verdicts) {
        this.verdicts = verdicts;
    }

    /** @param precision confirmed / judged */
    public record RulePrecision(String rule, RuleSetRef ruleset, int judged, int confirmed, double precision) {
    }

    /** Per rule and rule-set version, in rule-set then rule order; only rules with at least one judged hit. */
    public List<RulePrecision> precision() {
        // (dialogue, rule set, rule) → latest judgment; reviews first, then arbitrations override them.
        Map<List<Object>, Boolean> latest = new LinkedHashMap<>();
        for (Kind kind : List.of(Kind.REVIEW, Kind.ARBITRATION)) {
            verdicts.forEach(kind, BEGINNING, END, verdict -> verdict.hits().forEach(hit ->
                    latest.put(List.of(verdict.dialogueId(), String.valueOf(verdict.ruleset()), hit.rule()), hit.confirmed())));
        }
        Map<List<String>, int[]> counts = new TreeMap<>(Comparator.<List<String>, String>comparing(k -> k.get(0))
                .thenComparing(k -> k.get(1)));
        latest.forEach((key, confirmed) -> {
            int[] count = counts.computeIfAbsent(List.of((String) key.get(1), (String) key.get(2)), k -> new int[2]);
            count[0]++;
            count[1] += confirmed ? 1 : 0;
        });
        List<RulePrecision> precision = new ArrayList<>();
        counts.forEach((key, count) -> precision.add(new RulePrecision(key.get(1), parse(key.get(0)), count[0], count[1],
                (double) count[1] / count[0])));
        return precision;
    }

    private static RuleSetRef parse(String ref) {
        if ("null".equals(ref)) {
            return null;
        }
        int at = ref.lastIndexOf('@');
        return new RuleSetRef(ref.substring(0, at), Integer.parseInt(ref.substring(at + 1)));
    }

    /**
     * @param items      dialogues judged on this rule by at least two reviewers
     * @param pairwise   agreeing reviewer pairs / all reviewer pairs, pooled over the items
     * @param fleissKappa Fleiss' kappa over the items (two categories, confirmed / rejected), or null
     *                   when chance agreement is 1 (every judgment the same) and kappa is undefined
     */
    public record RuleAgreement(String rule, int items, int raters, double pairwise, Double fleissKappa) {
    }

    /** @param agreement the share of this reviewer's pairings with other reviewers (same dialogue and rule) that agree */
    public record ReviewerAgreement(String reviewer, int pairs, double agreement) {
    }

    public record CalibrationReport(List<RuleAgreement> rules, List<ReviewerAgreement> reviewers) {
    }

    /** Agreement among the blind calibration reviews decided in {@code [from, to)}. */
    public CalibrationReport calibration(Instant from, Instant to) {
        // (dialogue, rule set, rule) → reviewer → confirmed; a reviewer's later calibration replaces an earlier one.
        Map<List<String>, Map<String, Boolean>> items = new TreeMap<>(Comparator.<List<String>, String>comparing(k -> k.get(2))
                .thenComparing(k -> k.get(0)).thenComparing(k -> k.get(1)));
        verdicts.forEach(Kind.CALIBRATION, from, to, verdict -> {
            for (HitVerdict hit : verdict.hits()) {
                items.computeIfAbsent(List.of(verdict.dialogueId(), String.valueOf(verdict.ruleset()), hit.rule()),
                        k -> new TreeMap<>()).put(verdict.actor(), hit.confirmed());
            }
        });
        Map<String, List<Map<String, Boolean>>> byRule = new TreeMap<>();
        Map<String, int[]> byReviewer = new TreeMap<>();
        items.forEach((key, ratings) -> {
            if (ratings.size() < 2) {
                return;
            }
            byRule.computeIfAbsent(key.get(2), k -> new ArrayList<>()).add(ratings);
            ratings.forEach((reviewer, confirmed) -> {
                int[] count = byReviewer.computeIfAbsent(reviewer, k -> new int[2]);
                for (var other : ratings.entrySet()) {
                    if (!other.getKey().equals(reviewer)) {
                        count[0]++;
                        count[1] += other.getValue() == confirmed ? 1 : 0;
                    }
                }
            });
        });
        List<RuleAgreement> rules = new ArrayList<>();
        byRule.forEach((rule, ratings) -> rules.add(agreement(rule, ratings)));
        List<ReviewerAgreement> reviewers = new ArrayList<>();
        byReviewer.forEach((reviewer, count) -> reviewers.add(new ReviewerAgreement(reviewer, count[0],
                (double) count[1] / count[0])));
        return new CalibrationReport(rules, reviewers);
    }

    /** Pairwise agreement and Fleiss' kappa (Fleiss 1971, with n_i raters per item) for two categories. */
    static RuleAgreement agreement(String rule, List<Map<String, Boolean>> items) {
        double agreeingPairs = 0;
        double pairs = 0;
        double sumP = 0;
        double confirmed = 0;
        double ratings = 0;
        java.util.Set<String> raters = new java.util.HashSet<>();
        for (Map<String, Boolean> item : items) {
            raters.addAll(item.keySet());
            int n = item.size();
            int yes = (int) item.values().stream().filter(Boolean::booleanValue).count();
            int no = n - yes;
            double agreeing = yes * (yes - 1) / 2.0 + no * (no - 1) / 2.0;
            double all = n * (n - 1) / 2.0;
            agreeingPairs += agreeing;
            pairs += all;
            sumP += agreeing / all;
            confirmed += yes;
            ratings += n;
        }
        double observed = sumP / items.size();
        double pYes = confirmed / ratings;
        double chance = pYes * pYes + (1 - pYes) * (1 - pYes);
        Double kappa = chance >= 1 ? null : (observed - chance) / (1 - chance);
        return new RuleAgreement(rule, items.size(), raters.size(), agreeingPairs / pairs, kappa);
    }

    public record Band(String name, double minScore) {
    }

    /** 一级 from 90, 二级 from 75, 三级 below. */
    public static final List<Band> DEFAULT_BANDS = List.of(new Band("一级", 90), new Band("二级", 75), new Band("三级", 0));

    public record AgentTier(String agentId, int dialogues, double meanScore, String band) {
    }

    /**
     * Each agent's mean final score over the final scores decided in {@code [from, to)}, banded by
     * the first band (highest first) whose minimum the mean reaches; best agents first.
     * Dialogues without an agent are left out.
     */
    public List<AgentTier> agentTiers(Instant from, Instant to, List<Band> bands) {
        List<Band> ordered = bands.stream().sorted(Comparator.comparingDouble(Band::minScore).reversed()).toList();
        Map<String, double[]> sums = new HashMap<>();
        verdicts.forEach(Kind.FINAL, from, to, verdict -> {
            if (verdict.agentId() != null && verdict.score() != null) {
                double[] sum = sums.computeIfAbsent(verdict.agentId(), k -> new double[2]);
                sum[0] += verdict.score();
                sum[1]++;
            }
        });
        return sums.entrySet().stream().map(entry -> {
                    double mean = entry.getValue()[0] / entry.getValue()[1];
                    String band = ordered.stream().filter(b -> mean >= b.minScore()).map(Band::name).findFirst().orElse(null);
                    return new AgentTier(entry.getKey(), (int) entry.getValue()[1], mean, band);
                }).sorted(Comparator.comparingDouble(AgentTier::meanScore).reversed().thenComparing(AgentTier::agentId))
                .toList();
    }

    /** Verdicts of one dialogue, oldest first (for the API). */
    public List<Verdict> forDialogue(String dialogueId) {
        return verdicts.forDialogue(dialogueId);
    }
}
