package io.parley.engine.impl.annotate;

import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;

import java.util.function.Consumer;

/**
 * Looks at one turn and reports what it finds as signals. Built once per rule set and shared by
 * every evaluation thread, so implementations must be thread-safe.
 */
public interface TurnAnnotator {
    void annotate(TurnFact turn, Consumer<SignalFact> signals);
}
