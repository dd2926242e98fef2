package io.parley.workflow.sop;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.SopSequence;
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
 * form a run; then, by {@link SopSequence} (which the DSL's {@code sop} declarations share):
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
        List<List<Integer>> turnsOfStage = new ArrayList<>();
        flow.stages().forEach(stage -> turnsOfStage.add(new ArrayList<>()));
        for (int i = 0; i < labels.size(); i++) {
            turnsOfStage.get(stageOfLabel.get(i)).add(labels.get(i).turn());
        }
        SopSequence.Conformance conformance = SopSequence.check(turnsOfStage);
        List<Deviation> deviations = deviations(conformance, labels);
        List<StageResult> stages = new ArrayList<>();
        for (int i = 0; i < flow.stages().size(); i++) {
            Stage stage = flow.stages().get(i);
            Status status = Status.valueOf(conformance.status(i).name());
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

    /**
     * The order {@link SopSequence} read, told in stage labels with the turns' text. A deviation's
     * {@code turn} stays an index into the turns; its words count turns from 1 (docs/decisions/0007).
     */
    private List<Deviation> deviations(SopSequence.Conformance conformance, List<LabelledTurn> labels) {
        Map<Integer, LabelledTurn> labelAt = new HashMap<>();
        labels.forEach(label -> labelAt.put(label.turn(), label));
        List<Deviation> deviations = new ArrayList<>();
        for (SopSequence.Deviation deviation : conformance.deviations()) {
            Stage stage = flow.stages().get(deviation.stage());
            deviations.add(switch (deviation.kind()) {
                case MISSING -> new Deviation(Kind.MISSING, stage.label(), null, null,
                        "no agent turn has any of " + stage.keywords());
                case OUT_OF_ORDER -> new Deviation(Kind.OUT_OF_ORDER, stage.label(), deviation.turn(),
                        labelAt.get(deviation.turn()).text(), stage.label() + " should come before "
                        + flow.stages().get(deviation.otherStage()).label() + " (turn " + (deviation.otherTurn() + 1) + ")");
                case REPEATED -> new Deviation(Kind.REPEATED, stage.label(), deviation.turn(),
                        labelAt.get(deviation.turn()).text(), stage.label() + " again after "
                        + flow.stages().get(deviation.otherStage()).label() + " (first at turn " + (deviation.otherTurn() + 1) + ")");
            });
        }
        return deviations;
    }
}
