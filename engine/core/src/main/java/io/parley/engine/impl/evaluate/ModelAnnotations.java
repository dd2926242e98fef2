package io.parley.engine.impl.evaluate;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.json.CanonicalJson;


import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The signals of model-backed operators for one evaluation of one dialogue, keyed by operator
 * (plugin id and version, the use's name, a hash of its configuration, the model version; see
 * {@link PreparedPlugins}). An evaluation run {@link #around} a scope records what each
 * model-backed operator produced ({@link #computed}), and takes a stored key's signals instead of
 * calling the operator ({@link #stored}): that is how a backtest re-evaluates without re-running
 * models. The scope is the calling thread's, because evaluation runs on it from annotate to score;
 * outside a scope operators simply run.
 */
public final class ModelAnnotations {
    private static final ThreadLocal<ModelAnnotations> CURRENT = new ThreadLocal<>();

    private final Map<String, List<SignalFact>> stored;
    private final Map<String, List<SignalFact>> computed = new LinkedHashMap<>();
    private int reused;

    private ModelAnnotations(Map<String, List<SignalFact>> stored) {
        this.stored = stored;
    }

    /** A scope that records and reuses nothing stored (live evaluation). */
    public static ModelAnnotations recording() {
        return new ModelAnnotations(Map.of());
    }

    /** A scope that gives operators with a stored key those signals instead of running them. */
    public static ModelAnnotations reusing(Map<String, List<SignalFact>> stored) {
        return new ModelAnnotations(Map.copyOf(stored));
    }

    /** Runs one evaluation inside this scope. */
    public <T> T around(Supplier<T> evaluation) {
        ModelAnnotations outer = CURRENT.get();
        CURRENT.set(this);
        try {
            return evaluation.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    static ModelAnnotations current() {
        return CURRENT.get();
    }

    List<SignalFact> reuse(String key) {
        List<SignalFact> signals = stored.get(key);
        if (signals != null) {
            reused++;
        }
        return signals;
    }

    void record(String key, List<SignalFact> signals) {
        computed.put(key, List.copyOf(signals));
    }

    /** What model-backed operators computed in this scope (operators whose stored signals were reused are not in it). */
    public Map<String, List<SignalFact>> computed() {
        return Map.copyOf(computed);
    }

    /** Model-backed operators whose stored signals were used instead of running them. */
    public int reused() {
        return reused;
    }

    /**
     * SHA-256 of the dialogue's canonical JSON (as the dialogue store hashes it): stored with its
     * annotations, so that those of an earlier content of the dialogue are never reused.
     */
    public static String contentHash(Dialogue dialogue) {
        return CanonicalJson.sha256(dialogue);
    }

}
