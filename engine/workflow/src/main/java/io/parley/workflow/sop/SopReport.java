package io.parley.workflow.sop;

import java.util.List;

/**
 * How one dialogue followed an SOP: the stage each agent turn was labelled with, the deviations,
 * each with its evidence, and the conformance score: each stage is passed (its points awarded) or
 * failed (missing or out of order); a repeated stage still passes.
 *
 * @param score    the points of the passed stages
 * @param maxScore the points of all stages
 */
public record SopReport(String dialogueId, String flow, double score, double maxScore, List<StageResult> stages,
                        List<LabelledTurn> labels, List<Deviation> deviations) {
    public SopReport {
        stages = List.copyOf(stages);
        labels = List.copyOf(labels);
        deviations = List.copyOf(deviations);
    }

    public enum Status {
        PASSED, MISSING, OUT_OF_ORDER
    }

    /** One expected stage scored like a checkpoint: its points, and the points it earned (all or none). */
    public record StageResult(String stage, Status status, double points, double awarded) {
    }

    /** An agent turn (0-based index into the dialogue's turns) and the stage its keywords point to. */
    public record LabelledTurn(int turn, String stage, String text, List<String> keywords) {
        public LabelledTurn {
            keywords = List.copyOf(keywords);
        }
    }

    public enum Kind {
        /** The stage never occurs. */
        MISSING,
        /** The stage first occurs after a stage that should come later. */
        OUT_OF_ORDER,
        /** The stage occurs again after another stage came between. */
        REPEATED
    }

    /**
     * @param turn the turn that shows it (null for a missing stage), with its text
     */
    public record Deviation(Kind kind, String stage, Integer turn, String text, String detail) {
    }

    public boolean conforms() {
        return deviations.isEmpty();
    }

    public List<Deviation> of(Kind kind) {
        return deviations.stream().filter(deviation -> deviation.kind() == kind).toList();
    }
}
