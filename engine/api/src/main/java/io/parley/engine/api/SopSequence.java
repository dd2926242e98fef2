package io.parley.engine.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What order the stages of an SOP came in, from the turns each stage was recognised on. The one
 * implementation behind both the DSL's {@code sop} declarations and the workflow's BPMN SOPs, which
 * differ only in how they recognise a stage on a turn.
 *
 * <p>A turn may show several stages (the DSL's stages are any conditions). The recognised turns, in
 * dialogue order, each with its stages in expected order, are read as:
 * <ul>
 *   <li>a stage recognised on no turn is <b>missing</b>;</li>
 *   <li>a stage first recognised after an earlier turn showed a later stage is <b>out of order</b>;</li>
 *   <li>a stage recognised again after a recognised turn without it (another stage came between)
 *       is <b>repeated</b>, once per such return.</li>
 * </ul>
 * Deviations come in the order the turns show them, then the missing stages in expected order.
 */
public final class SopSequence {
    private SopSequence() {
    }

    public enum Kind {
        /** The stage is recognised on no turn. */
        MISSING,
        /** The stage first shows after a turn that showed a stage expected later. */
        OUT_OF_ORDER,
        /** The stage shows again after another stage came between. */
        REPEATED
    }

    /** How one stage came out: passed, or the deviation that failed it (a repeat does not). */
    public enum Status {
        PASSED, MISSING, OUT_OF_ORDER
    }

    /**
     * One deviation; stages are indexes into the expected order, turns 0-based.
     *
     * @param turn       where it shows: the stage's first turn (out of order), the turn it returns on
     *                   (repeated); null when missing
     * @param otherStage out of order: the furthest stage seen before it; repeated: the stage of the
     *                   recognised turn just before (the last of that turn's stages); null when missing
     * @param otherTurn  out of order: the first turn of {@code otherStage}; repeated: the stage's own
     *                   first turn; null when missing
     */
    public record Deviation(Kind kind, int stage, Integer turn, Integer otherStage, Integer otherTurn) {
    }

    /**
     * @param deviations in the order described on the class
     * @param firstTurns each stage's first turn, null for a missing one
     */
    public record Conformance(List<Deviation> deviations, List<Integer> firstTurns) {
        public Conformance {
            deviations = List.copyOf(deviations);
            firstTurns = java.util.Collections.unmodifiableList(new ArrayList<>(firstTurns));
        }

        /** The stage passed unless it is missing or out of order; repeating a stage is not skipping it. */
        public Status status(int stage) {
            return deviations.stream()
                    .filter(deviation -> deviation.stage() == stage && deviation.kind() != Kind.REPEATED)
                    .findFirst()
                    .map(deviation -> deviation.kind() == Kind.MISSING ? Status.MISSING : Status.OUT_OF_ORDER)
                    .orElse(Status.PASSED);
        }
    }

    /**
     * @param turnsOfStage for each stage in expected order, the 0-based turns it was recognised on
     */
    public static Conformance check(List<? extends Collection<Integer>> turnsOfStage) {
        TreeMap<Integer, SortedSet<Integer>> stagesAtTurn = new TreeMap<>();
        for (int stage = 0; stage < turnsOfStage.size(); stage++) {
            for (int turn : turnsOfStage.get(stage)) {
                stagesAtTurn.computeIfAbsent(turn, t -> new TreeSet<>()).add(stage);
            }
        }
        List<Integer> firstTurns = new ArrayList<>(java.util.Collections.nCopies(turnsOfStage.size(), (Integer) null));
        List<Deviation> deviations = new ArrayList<>();
        int furthest = -1;
        SortedSet<Integer> previous = new TreeSet<>();
        for (Map.Entry<Integer, SortedSet<Integer>> entry : stagesAtTurn.entrySet()) {
            int turn = entry.getKey();
            for (int stage : entry.getValue()) {
                Integer first = firstTurns.get(stage);
                if (first != null) {
                    if (!previous.contains(stage)) {
                        deviations.add(new Deviation(Kind.REPEATED, stage, turn, previous.last(), first));
                    }
                } else {
                    firstTurns.set(stage, turn);
                    if (stage < furthest) {
                        deviations.add(new Deviation(Kind.OUT_OF_ORDER, stage, turn, furthest, firstTurns.get(furthest)));
                    }
                }
            }
            furthest = Math.max(furthest, entry.getValue().last());
            previous = entry.getValue();
        }
        for (int stage = 0; stage < turnsOfStage.size(); stage++) {
            if (firstTurns.get(stage) == null) {
                deviations.add(new Deviation(Kind.MISSING, stage, null, null, null));
            }
        }
        return new Conformance(deviations, firstTurns);
    }
}
