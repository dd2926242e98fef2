package io.parley.plugins.js;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.engine.spi.plugin.DialogueMapperPlugin;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;

import java.util.Map;

/** Maps a customer's raw record to Parley's dialogue JSON with {@code (raw) => dialogue}, run in the sandbox per record. */
public final class JsDialogueMapperPlugin implements DialogueMapperPlugin {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIGNATURE = "(raw) => ({id: raw.id, turns: []})";
    private static final PluginInfo INFO = new PluginInfo("js", JsSandbox.VERSION, PluginKind.DIALOGUE_MAPPER,
            "Maps a customer's own record shape to Parley's dialogue JSON with a small JavaScript function, run in a sandbox.",
            ScriptConfig.options("JavaScript function (raw) => dialogue, called once per record. raw is the record's JSON "
                    + "as a read-only value; the result must be plain JSON (objects, arrays, strings, finite numbers, "
                    + "booleans, null: no functions, cycles or class instances) and is validated as a dialogue afterwards."));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public DialogueMapper prepare(Map<String, Object> config, String origin) {
        JsSandbox sandbox = JsSandbox.shared();
        JsScript script = JsScript.of("map", SIGNATURE, ScriptConfig.read(config, origin, "js dialogue mapper (" + origin + ")"));
        sandbox.check(script);
        return raw -> map(sandbox, script, raw);
    }

    private static JsonNode map(JsSandbox sandbox, JsScript script, JsonNode raw) {
        return sandbox.run(script, null, session -> {
            String json = session.callForJson(null, session.frozenJson(raw.toString()));
            try {
                return JSON.readTree(json);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the sandbox wrote invalid JSON: " + json, e);
            }
        });
    }
}
