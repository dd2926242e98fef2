package io.parley.plugins.chatexport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.engine.spi.plugin.ConfigValidator;
import io.parley.engine.spi.plugin.DialogueSourcePlugin.DialogueSource;
import io.parley.engine.spi.plugin.DialogueSourcePlugin.Listener;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Records through a row mapper (what {@code parley import --map rows.js} plugs in), here as Java functions. */
class RowMapperTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * For helpdesk-export.csv: date and clock joined, role from the sender and the staff flag,
     * system notices skipped, a row without sender refused.
     */
    private static final UnaryOperator<JsonNode> HELPDESK = row -> {
        String from = row.get("from").asText();
        if (from.equals("SYSTEM")) {
            return null;
        }
        if (from.isEmpty()) {
            throw new IllegalArgumentException("no sender");
        }
        String role = switch (row.get("is_staff").asText()) {
            case "1" -> "agent";
            case "0" -> "customer";
            default -> throw new IllegalArgumentException("is_staff is neither 0 nor 1: " + row.get("is_staff"));
        };
        ObjectNode message = JSON.createObjectNode()
                .put("session", row.get("ticket").asText())
                .put("role", role)
                .put("time", row.get("date").asText() + " " + row.get("clock").asText())
                .put("text", row.get("body").asText());
        return message.put(role, from);
    };

    @Test
    void csvRowsAreMappedThenReadAsMessages() throws IOException {
        RecordingListener read = read(fixture(), "helpdesk-export.csv", HELPDESK);

        assertThat(read.dialogues).containsExactly(json("""
                {"id": "T-1", "channel": "im", "startedAt": "2026-03-02T09:15:00+08:00",
                 "agent": {"id": "李客服"}, "customer": {"id": "王女士"},
                 "turns": [
                   {"role": "customer", "text": "我的订单还没到", "at": "2026-03-02T09:15:00+08:00"},
                   {"role": "agent", "text": "您好，我帮您查一下", "at": "2026-03-02T09:16:30+08:00", "speaker": "李客服"},
                   {"role": "agent", "text": "已经发货了", "at": "2026-03-02T09:18:10+08:00", "speaker": "李客服"}]}"""), json("""
                {"id": "T-2", "channel": "im", "startedAt": "2026-03-02T10:00:00+08:00",
                 "agent": {"id": "赵客服"}, "customer": {"id": "张先生"},
                 "turns": [
                   {"role": "customer", "text": "退款多久到账", "at": "2026-03-02T10:00:00+08:00"},
                   {"role": "agent", "text": "三个工作日内", "at": "2026-03-02T10:01:00+08:00", "speaker": "赵客服"}]}"""));
        assertThat(read.badRecords).containsExactly(
                "7: the row mapper failed: no sender",
                "8: the row mapper failed: is_staff is neither 0 nor 1: \"maybe\"",
                "10: expected 6 columns as in the header, found 5");
        assertThat(read.skipped).containsExactly(4L);
    }

    @Test
    void theMapperSeesEachCsvRowAsAnObjectOfItsHeaderNames() throws IOException {
        byte[] csv = "a,b,a\n1,,3\n".getBytes(UTF_8);
        JsonNode[] seen = new JsonNode[1];
        read(csv, "x.csv", row -> {
            seen[0] = row;
            return null;
        });

        assertThat(seen[0]).as("a repeated name keeps its first column; empty cells are empty strings")
                .isEqualTo(json("{\"a\": \"1\", \"b\": \"\"}"));
    }

    @Test
    void jsonAndNdjsonObjectsPassThroughTheMapperAndWhatIsNotAnObjectIsABadRow() throws IOException {
        UnaryOperator<JsonNode> nested = row -> switch (row.path("kind").asText()) {
            case "msg" -> JSON.createObjectNode().put("session", row.at("/conv/id").asText())
                    .put("role", row.at("/who/type").asText()).put("time", row.get("ts").asLong())
                    .put("text", row.at("/payload/text").asText());
            case "array" -> JSON.createArrayNode();
            default -> JSON.getNodeFactory().textNode("nope");
        };
        String ndjson = """
                {"kind": "msg", "conv": {"id": "c1"}, "who": {"type": "customer"}, "ts": 1772414100000, "payload": {"text": "hi"}}
                {"kind": "array"}
                {"kind": "msg", "conv": {"id": "c1"}, "who": {"type": "agent"}, "ts": 1772414160000, "payload": {"text": "hello"}}
                [1]
                {"kind": "other"}
                """;

        RecordingListener lines = read(ndjson.getBytes(UTF_8), "x.ndjson", nested);
        RecordingListener array = read(("[" + String.join(",", ndjson.strip().split("\n")) + "]").getBytes(UTF_8),
                "x.json", nested);

        for (RecordingListener read : List.of(lines, array)) {
            assertThat(read.ids()).containsExactly("c1");
            assertThat(read.dialogues.get(0).get("turns")).hasSize(2);
            assertThat(read.dialogues.get(0).at("/turns/1/text").asText()).isEqualTo("hello");
            assertThat(read.badRecords).as("a non-object record reaches the mapper, which decides about it").containsExactly(
                    "2: the row mapper returned array [], expected an object of message fields or null to skip the row",
                    "4: the row mapper returned string \"nope\", expected an object of message fields or null to skip the row",
                    "5: the row mapper returned string \"nope\", expected an object of message fields or null to skip the row");
        }
    }

    @Test
    void aSourceWithoutRowMappingSaysSo() {
        DialogueSource plain = (in, sourceName, listener) -> {
        };
        UnaryOperator<JsonNode> identity = row -> row;
        Listener ignored = new RecordingListener();

        assertThatThrownBy(() -> plain.read(InputStream.nullInputStream(), "x.csv", identity, ignored))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageEndingWith("cannot pass its records through a row mapper; read without one");
    }

    private static RecordingListener read(byte[] bytes, String sourceName, UnaryOperator<JsonNode> mapper) throws IOException {
        ChatExportPlugin plugin = new ChatExportPlugin();
        ConfigValidator.Result checked = ConfigValidator.validate(plugin.info(), Map.of());
        assertThat(checked.problems()).isEmpty();
        RecordingListener listener = new RecordingListener();
        plugin.open(checked.config()).read(new ByteArrayInputStream(bytes), sourceName, mapper, listener);
        return listener;
    }

    private static byte[] fixture() {
        try (InputStream in = RowMapperTest.class.getResourceAsStream("/helpdesk-export.csv")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
