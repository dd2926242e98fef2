package io.parley.plugins.js;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.Hit;
import io.parley.engine.api.Score;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;
import io.parley.engine.spi.plugin.ScoringFunctionPlugin;
import org.graalvm.polyglot.Value;

import java.util.List;
import java.util.Map;

/** A scorecard formula written as {@code (dialogue, hits, standard) => number}, run in the sandbox once per dialogue. */
public final class JsScoringFunctionPlugin implements ScoringFunctionPlugin {
    private static final String SIGNATURE = "(dialogue, hits, standard) => standard.value";
    private static final PluginInfo INFO = new PluginInfo("js", JsSandbox.VERSION, PluginKind.SCORING_FUNCTION,
            "Custom scorecard formula written as a small JavaScript function, run in a sandbox.",
            ScriptConfig.options("JavaScript function (dialogue, hits, standard) => number, called once per dialogue. "
                    + "dialogue is as for the js operator (signals empty); hits is [{rule, severity, tags, evidence: "
                    + "[{turn, role, text}]}]; standard is the scorecard's own verdict {value, grade, vetoedBy, "
                    + "breakdown: [{item, points}]}. Must return a finite number (the engine clamps it to 0..100)."));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public ScoringFunction prepare(Map<String, Object> config, String origin) {
        JsSandbox sandbox = JsSandbox.shared();
        JsScript script = JsScript.of("score", SIGNATURE, ScriptConfig.read(config, origin, "js scoring function (" + origin + ")"));
        sandbox.check(script);
        return (dialogue, hits, standard) -> score(sandbox, script, dialogue, hits, standard);
    }

    private static double score(JsSandbox sandbox, JsScript script, Dialogue dialogue, List<Hit> hits, Score standard) {
        return sandbox.run(script, null, session -> {
            Value arguments = session.frozenJson(ScriptViews.scoring(dialogue, hits, standard));
            return session.call(null, result -> {
                if (!result.isNumber() || !Double.isFinite(result.asDouble())) {
                    throw session.failure("returned " + JsSession.describe(result) + "; a scoring function must return a finite number", null);
                }
                return result.asDouble();
            }, arguments.getMember("dialogue"), arguments.getMember("hits"), arguments.getMember("standard"));
        });
    }
}
