package io.parley.plugins.onnx;

import io.parley.engine.api.facts.TurnFact;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@code intent} operators of one rule set that share a model: a turn gets at most one of
 * them, the nearest, and none when the nearest is below its own threshold ("none of these"). The
 * engine prepares each declared operator on its own, so the members join one by one while the rule
 * set is prepared ({@link IntentGroups}); the group is sealed when the first dialogue is annotated.
 * Every member computes the same decision; the first to run for a dialogue keeps it for the others.
 */
final class IntentGroup {
    record Member(String name, ExampleSet examples, double threshold) {
    }

    /** The intent a turn gets: a member and its nearest example, or none. */
    record Decision(Member member, ExampleSet.Match match) {
    }

    private record Decided(List<TurnFact> turns, Decision[] decisions) {
    }

    private final List<Member> members = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Decided> lastDecided = new ThreadLocal<>();
    private volatile boolean sealed;

    void add(Member member) {
        members.add(member);
    }

    boolean sealed() {
        return sealed;
    }

    boolean has(String name) {
        return members.stream().anyMatch(member -> member.name().equals(name));
    }

    List<Member> members() {
        return List.copyOf(members);
    }

    /**
     * The intent of each turn. The engine runs a rule set's operators one after another on one
     * thread with the same turn list, so the members after the first reuse its decisions.
     */
    Decision[] decide(List<TurnFact> turns, float[][] vectors) {
        sealed = true;
        Decided decided = lastDecided.get();
        if (decided != null && decided.turns() == turns) {
            return decided.decisions();
        }
        Decision[] decisions = new Decision[turns.size()];
        for (int i = 0; i < turns.size(); i++) {
            if (vectors[i] != null) {
                decisions[i] = nearest(vectors[i]);
            }
        }
        lastDecided.set(new Decided(turns, decisions));
        return decisions;
    }

    private Decision nearest(float[] vector) {
        Member bestMember = null;
        ExampleSet.Match best = null;
        for (Member member : members) {
            ExampleSet.Match match = member.examples().match(vector);
            if (best == null || match.similarity() > best.similarity()) {
                best = match;
                bestMember = member;
            }
        }
        return best != null && best.similarity() >= bestMember.threshold() ? new Decision(bestMember, best) : null;
    }
}
