package io.parley.workflow.sop;

import java.util.List;

/**
 * How one dialogue followed an SOP: the stage each agent turn was labelled with, and the
 * deviations, each with its evidence.
 */
public record SopReport(String dialogueId, String flow, List<LabelledTurn> labels, List<Deviation> deviations) {
    public SopReport {
        labels = List.copyOf(labels);
        deviations = List.copyOf(deviations);
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
