package io.parley.workflow.sop;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.Turn;
import io.parley.workflow.sop.SopFlow.Stage;
import io.parley.workflow.sop.SopReport.Deviation;
import io.parley.workflow.sop.SopReport.Kind;
import io.parley.workflow.sop.SopReport.LabelledTurn;
import io.parley.workflow.sop.SopReport.StageResult;
import io.parley.workflow.sop.SopReport.Status;
import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Checks dialogues against an {@link SopFlow}. Each agent turn is labelled with the stage whose
 * keywords it contains most often (ties: the stage matched earliest in the text); all keywords of
 * all stages are found in one Aho-Corasick pass per turn. Consecutive labelled turns of one stage
 * form a run; then:
 * <ul>
 *   <li>a stage with no run is <b>missing</b>;</li>
 *   <li>a stage whose first run comes after a run of a later stage is <b>out of order</b>;</li>
 *   <li>a stage with a second run (another stage came between) is <b>repeated</b>.</li>
 * </ul>
 * Thread-safe once built.
 */
public final class SopConformance {
    private final SopFlow flow;
    private final Trie trie;
    private final Map<String, Integer> stageOfKeyword = new HashMap<>();

    public SopConformance(SopFlow flow) {
        this.flow = flow;
        Trie.TrieBuilder builder = Trie.builder().ignoreCase();
        for (int i = 0; i < flow.stages().size(); i++) {
            Stage stage = flow.stages().get(i);
            for (String keyword : stage.keywords()) {
                Integer earlier = stageOfKeyword.putIfAbsent(keyword.toLowerCase(java.util.Locale.ROOT), i);
                if (earlier != null && earlier != i) {
                    throw new IllegalArgumentException("keyword " + keyword + " belongs to two stages: "
                            + flow.stages().get(earlier).label() + " and " + stage.label());
                }
                builder.addKeyword(keyword);
            }
        }
        this.trie = builder.build();
    }

    public SopFlow flow() {
        return flow;
    }

    public SopReport check(Dialogue dialogue) {
        List<LabelledTurn> labels = new ArrayList<>();
        List<Integer> stageOfLabel = new ArrayList<>();
        for (int index = 0; index < dialogue.turns().size(); index++) {
            Turn turn = dialogue.turns().get(index);
            if (!"agent".equals(turn.role()) || turn.text() == null) {
                continue;
            }
            int stage = label(turn.text());
            if (stage >= 0) {
                List<String> keywords = new ArrayList<>(new LinkedHashSet<>(trie.parseText(turn.text()).stream()
                        .filter(emit -> stageOf(emit) == stage).map(Emit::getKeyword).toList()));
                labels.add(new LabelledTurn(index, flow.stages().get(stage).label(), turn.text(), keywords));
                stageOfLabel.add(stage);
            }
        }
        List<Deviation> deviations = deviations(labels, stageOfLabel);
        List<StageResult> stages = new ArrayList<>();
        for (Stage stage : flow.stages()) {
            Status status = deviations.stream().filter(deviation -> deviation.stage().equals(stage.label())
                            && deviation.kind() != Kind.REPEATED).findFirst()
                    .map(deviation -> deviation.kind() == Kind.MISSING ? Status.MISSING : Status.OUT_OF_ORDER)
                    .orElse(Status.PASSED);
            stages.add(new StageResult(stage.label(), status, stage.points(), status == Status.PASSED ? stage.points() : 0));
        }
        return new SopReport(dialogue.id(), flow.id(), SopFlow.round(stages.stream().mapToDouble(StageResult::awarded).sum()),
                flow.maxScore(), stages, labels, deviations);
    }

    /** The stage index the text belongs to, or −1 when it has none of the keywords. */
    private int label(String text) {
        int[] counts = new int[flow.stages().size()];
        int[] firstAt = new int[flow.stages().size()];
        java.util.Arrays.fill(firstAt, Integer.MAX_VALUE);
        for (Emit emit : trie.parseText(text)) {
            int stage = stageOf(emit);
            counts[stage]++;
            firstAt[stage] = Math.min(firstAt[stage], emit.getStart());
        }
        int best = -1;
        for (int stage = 0; stage < counts.length; stage++) {
            if (counts[stage] > 0 && (best < 0 || counts[stage] > counts[best]
                    || counts[stage] == counts[best] && firstAt[stage] < firstAt[best])) {
                best = stage;
            }
        }
        return best;
    }

    private int stageOf(Emit emit) {
        return stageOfKeyword.get(emit.getKeyword().toLowerCase(java.util.Locale.ROOT));
    }

    private List<Deviation> deviations(List<LabelledTurn> labels, List<Integer> stageOfLabel) {
        List<Deviation> deviations = new ArrayList<>();
        Map<Integer, LabelledTurn> firstRun = new HashMap<>();
        int furthest = -1;
        LabelledTurn furthestTurn = null;
        int previous = -1;
        for (int i = 0; i < labels.size(); i++) {
            int stage = stageOfLabel.get(i);
            if (stage == previous) {
                continue;
            }
            LabelledTurn turn = labels.get(i);
            String name = flow.stages().get(stage).label();
            LabelledTurn first = firstRun.get(stage);
            if (first != null) {
                deviations.add(new Deviation(Kind.REPEATED, name, turn.turn(), turn.text(), name + " again after "
                        + flow.stages().get(previous).label() + " (first at turn " + first.turn() + ")"));
            } else {
                firstRun.put(stage, turn);
                if (stage < furthest) {
                    deviations.add(new Deviation(Kind.OUT_OF_ORDER, name, turn.turn(), turn.text(), name
                            + " should come before " + flow.stages().get(furthest).label() + " (turn " + furthestTurn.turn() + ")"));
                }
            }
            if (stage > furthest) {
                furthest = stage;
                furthestTurn = turn;
            }
            previous = stage;
        }
        for (int stage = 0; stage < flow.stages().size(); stage++) {
            if (!firstRun.containsKey(stage)) {
                deviations.add(new Deviation(Kind.MISSING, flow.stages().get(stage).label(), null, null,
                        "no agent turn has any of " + flow.stages().get(stage).keywords()));
            }
        }
        return deviations;
    }
}
