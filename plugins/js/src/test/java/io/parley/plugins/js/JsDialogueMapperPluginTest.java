package io.parley.plugins.js;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.engine.spi.plugin.ConfigOption;
import io.parley.engine.spi.plugin.DialogueMapperPlugin.DialogueMapper;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.engine.spi.plugin.PluginKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsDialogueMapperPluginTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RAW = """
            {"chat_id": "jd-1", "msgs": [{"from": "buyer", "body": "在吗", "ts": 1794362400},
                                         {"from": "seller", "body": "亲，在的", "ts": 1794362410}],
             "meta": {"shop": "wanhe"}}""";

    @AfterEach
    void aNormalMappingStillWorks() throws Exception {
        assertThat(map("(raw) => ({id: raw.chat_id})", RAW)).isEqualTo(JSON.readTree("{\"id\": \"jd-1\"}"));
    }

    @Test
    void mapsACustomersRecordToDialogueJson() throws Exception {
        String source = """
                (raw) => ({
                  id: raw.chat_id,
                  channel: 'im',
                  turns: raw.msgs.map(m => ({role: m.from === 'buyer' ? 'customer' : 'agent', text: m.body,
                                             at: new Date(m.ts * 1000).toISOString()})),
                  attributes: {...raw.meta, imported: true, rating: null},
                  dropped: undefined
                })""";

        assertThat(map(source, RAW)).isEqualTo(JSON.readTree("""
                {"id": "jd-1", "channel": "im",
                 "turns": [{"role": "customer", "text": "在吗", "at": "2026-11-11T02:00:00.000Z"},
                           {"role": "agent", "text": "亲，在的", "at": "2026-11-11T02:00:10.000Z"}],
                 "attributes": {"shop": "wanhe", "imported": true, "rating": null}}"""));
    }

    @Test
    void theRawRecordIsReadOnly() {
        assertThatThrownBy(() -> map("(raw) => { raw.msgs[0].body = 'x'; return raw; }", RAW))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("TypeError: Cannot assign to read only property 'body'");
    }

    @Test
    void aFunctionInTheResultIsRefusedWithItsPath() {
        assertThatThrownBy(() -> map("(raw) => ({id: raw.chat_id, turns: [{text: () => 'hi'}]})", RAW))
                .isInstanceOf(PluginException.class)
                .hasMessage("script 'map' at ingest.parley:3:9: TypeError: result.turns[0].text is a function; only plain JSON values can be returned");
    }

    @Test
    void returningAFunctionIsRefused() {
        assertThatThrownBy(() -> map("(raw) => () => raw", RAW))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("TypeError: result is a function; only plain JSON values can be returned");
    }

    @Test
    void aCycleIsRefusedWithItsPath() {
        assertThatThrownBy(() -> map("(raw) => { const d = {id: raw.chat_id, turns: []}; d.turns.push({self: d}); return d; }", RAW))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("TypeError: result.turns[0].self refers back to an enclosing value (a cycle)");
    }

    @Test
    void nonJsonValuesAreRefused() {
        assertThatThrownBy(() -> map("(raw) => ({at: new Date(0)})", RAW))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("result.at is not a plain object");
        assertThatThrownBy(() -> map("(raw) => ({n: 0 / 0})", RAW))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("result.n is NaN, which JSON cannot hold");
        assertThatThrownBy(() -> map("(raw) => ({get id() { return 'x'; }})", RAW))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("result.id is a getter");
        assertThatThrownBy(() -> map("(raw) => [1, undefined]", RAW))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("result[1] is undefined");
    }

    @Test
    void anOverrunIsStopped() {
        assertThatThrownBy(() -> map("(raw) => { const a = []; for (;;) a.push(raw); }", RAW, ScriptConfig.MAX_TIMEOUT_MILLIS))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("stopped: executed more than its 100000-statement limit");
    }

    @Test
    void infoDescribesEveryOption() {
        var info = new JsDialogueMapperPlugin().info();

        assertThat(info.id()).isEqualTo("js");
        assertThat(info.kind()).isEqualTo(PluginKind.DIALOGUE_MAPPER);
        assertThat(info.config()).extracting(ConfigOption::name)
                .containsExactly("source", "file", "line", "column", "timeoutMillis", "statementLimit");
        assertThat(info.config()).allSatisfy(option -> assertThat(option.description()).isNotBlank());
    }

    private static JsonNode map(String source, String raw) throws Exception {
        return map(source, raw, ScriptConfig.DEFAULT_TIMEOUT_MILLIS);
    }

    private static JsonNode map(String source, String raw, int timeoutMillis) throws Exception {
        try (DialogueMapper mapper = new JsDialogueMapperPlugin().prepare(
                Map.of("source", source, "line", 3, "column", 9, "timeoutMillis", timeoutMillis), "ingest.parley:2:1")) {
            return mapper.map(JSON.readTree(raw));
        }
    }
}
