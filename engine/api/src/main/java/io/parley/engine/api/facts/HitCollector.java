package io.parley.engine.api.facts;

/**
 * The DRL global {@code hits}: a rule's consequence reports its id and the facts it matched.
 * {@link SignalFact}s become evidence with span and text, {@link TurnFact}s evidence for the whole
 * turn; collections (e.g. an accumulate's {@code collectList}) are flattened; other objects are
 * ignored. Several activations of one rule merge into one hit.
 *
 * <p>Rules compiled from the DSL report every fact of the match:
 * {@code hits.hit("rule_id", kcontext.getMatch().getObjects().toArray());}
 */
public interface HitCollector {
    void hit(String ruleId, Object... matchedFacts);
}
