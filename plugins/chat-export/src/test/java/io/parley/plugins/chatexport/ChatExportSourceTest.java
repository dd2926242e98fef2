package io.parley.plugins.chatexport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.engine.api.dialogue.DialogueReader;
import io.parley.engine.spi.plugin.ConfigOption;
import io.parley.engine.spi.plugin.ConfigValidator;
import io.parley.engine.spi.plugin.DialogueSourcePlugin.DialogueSource;
import io.parley.engine.spi.plugin.Plugin;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.engine.spi.plugin.PluginKind;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatExportSourceTest {
    private static final ChatExportPlugin PLUGIN = new ChatExportPlugin();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Nested
    class MessyCsv {
        private final byte[] fixture = fixture("messy-export.csv");

        @Test
        void becomesOneDialoguePerSessionWithEveryBadRowReportedByLine() throws IOException {
            String text = new String(fixture, UTF_8);
            assertThat(text).as("the fixture keeps its BOM and mixed line ends").startsWith("\uFEFF")
                    .contains("\r\n", "放心～\",万和旗舰店\n", "万和旗舰店\rS-1002");

            RecordingListener read = read(Map.of(), fixture, "qianniu-20261111.csv");

            assertThat(read.ids()).containsExactly("S-1001", "S-1002", "S-1003");
            assertThat(read.dialogues.get(0)).isEqualTo(json("""
                    {"id": "S-1001", "channel": "im", "startedAt": "2026-11-11T10:00:03+08:00",
                     "agent": {"id": "小美"}, "customer": {"id": "tb_buyer_77"},
                     "turns": [
                       {"role": "customer", "text": "在吗？这个热水器【60升】能装在卫生间吗", "at": "2026-11-11T10:00:03+08:00"},
                       {"role": "agent", "text": "亲，您好：可以的哦，“防电墙”设计，放心～", "at": "2026-11-11T10:00:41+08:00",
                        "speaker": "小美"},
                       {"role": "customer", "text": "好的，\\n那我下单了", "at": "2026-11-11T10:01:10+08:00"}],
                     "attributes": {"shop": "万和旗舰店"}}"""));
            assertThat(read.dialogues.get(1)).isEqualTo(json("""
                    {"id": "S-1002", "channel": "im", "startedAt": "2026-11-11T10:05:00+08:00",
                     "agent": {"id": "阿强"}, "customer": {"id": "00123"},
                     "turns": [
                       {"role": "customer", "text": "发货了吗", "at": "2026-11-11T10:05:00+08:00"},
                       {"role": "agent", "text": "亲，已经发出了哦", "at": "2026-11-11T10:05:40+08:00", "speaker": "阿强"},
                       {"role": "bot", "text": "【自动回复】感谢您的耐心等待", "at": "2026-11-11T10:06:20+08:00"},
                       {"role": "system", "text": "系统消息：会话已结束", "at": "2026-11-11T10:06:30+08:00"}],
                     "attributes": {"shop": "万和旗舰店"}}"""));
            assertThat(read.dialogues.get(2)).isEqualTo(json("""
                    {"id": "S-1003", "channel": "im", "startedAt": "2026-11-11T10:07:30+08:00", "customer": {"id": "tb_9"},
                     "turns": [{"role": "customer", "text": "还在吗", "at": "2026-11-11T10:07:30+08:00"}],
                     "attributes": {"shop": "万和旗舰店"}}"""));
            assertThat(read.badRecords).containsExactly(
                    "8: column 发送方: unknown sender '店小二' (known: 客服, 商家, 卖家, 人工客服, 店铺, agent, seller, staff, …; "
                            + "map it to a role under 'roles')",
                    "10: column 发送时间: cannot read '2026-11-31 10:06:00' as a time (formats: yyyy-M-d H:mm[:ss][.SSS], "
                            + "yyyy/M/d H:mm[:ss][.SSS], iso, epoch; set 'timeFormats')",
                    "11: column 消息内容: text after its closing quote",
                    "12: expected 7 columns as in the header, found 6",
                    "13: column 会话ＩＤ: missing session id",
                    "16: column 消息内容: missing text");
            DialogueReader engine = new DialogueReader();
            read.dialogues.forEach(engine::read);
        }

        @ParameterizedTest
        @ValueSource(strings = {"GB18030", "UTF-8", "UTF-16"})
        void readsTheSameInOtherEncodings(String encoding) throws IOException {
            byte[] encoded = new String(fixture, UTF_8).substring(1).getBytes(Charset.forName(encoding));

            RecordingListener read = read(Map.of(), encoded, "export.csv");

            RecordingListener original = read(Map.of(), fixture, "export.csv");
            assertThat(read.dialogues).hasSize(3).isEqualTo(original.dialogues);
            assertThat(read.badRecords).isEqualTo(original.badRecords);
        }

        @Test
        void anExplicitEncodingIsUsedAsGiven() throws IOException {
            byte[] gb18030 = new String(fixture, UTF_8).substring(1).getBytes(EncodingDetector.GB18030);

            assertThat(read(Map.of("encoding", "GB18030"), gb18030, "export.csv").ids())
                    .containsExactly("S-1001", "S-1002", "S-1003");
        }
    }

    @Test
    void bytesThatStopBeingTheDetectedEncodingFailTheReadLoudly() {
        String rows = IntStream.range(0, 2_000).mapToObj(i -> "S-" + i + ",买家,第" + i + "条消息，内容够长够长够长\n")
                .collect(Collectors.joining());
        byte[] utf8 = ("会话ID,发送方,内容\n" + rows).getBytes(UTF_8);
        byte[] tail = "S-x,买家,后面是GBK\n".getBytes(EncodingDetector.GB18030);
        byte[] mixed = new byte[utf8.length + tail.length];
        System.arraycopy(utf8, 0, mixed, 0, utf8.length);
        System.arraycopy(tail, 0, mixed, utf8.length, tail.length);
        assertThat(utf8.length).as("valid UTF-8 beyond the detection sample").isGreaterThan(64 * 1024);

        assertThatThrownBy(() -> read(Map.of(), mixed, "mixed.csv"))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("mixed.csv is not valid UTF-8 text (near byte ")
                .hasMessageContaining("set 'encoding'");
    }

    @Test
    void aBrokenQuoteCostsItsRowOnlyAndTheRowsItSwallowedAreReadAgain() throws IOException {
        String csv = """
                会话ID,发送方,内容
                S1,买家,"引号没有闭合
                S1,客服,您好
                S1,买家,"两行
                消息"
                S1,客服,"最后一行也没闭合
                S1,买家,谢谢
                """;

        RecordingListener read = read(Map.of(), csv.getBytes(UTF_8), "export.csv");

        assertThat(read.badRecords).containsExactly(
                "2: column 内容: its opening quote is not closed properly (the field runs on to line 4)",
                "6: column 内容: its opening quote is never closed");
        assertThat(read.dialogues).singleElement().satisfies(dialogue -> assertThat(texts(dialogue))
                .containsExactly("您好", "两行\n消息", "谢谢"));
    }

    @Test
    void aJsonArrayExport() throws IOException {
        String export = """
                [
                  {"会话编号": "JD-1", "角色": "顾客", "时间": 1794362403000, "内容": "这个能开发票吗", "客服账号": null, "顾客": "jd_c1"},
                  {"会话编号": "JD-1", "角色": "卖家", "时间": 1794362410000, "内容": "可以的，下单时备注", "客服账号": "jd_a7"},
                  "not a message",
                  {"会话编号": 20261111, "角色": "买家", "时间": "2026-11-11 10:05:00", "内容": "数字会话号"},
                  {"会话编号": "JD-3", "角色": "买家", "内容": {"type": "image"}},
                  {"会话编号": "JD-4", "内容": "没有发送方"}
                ]
                """;

        RecordingListener read = read(Map.of("format", "json"), export.getBytes(UTF_8), "jd-export");

        assertThat(read.dialogues).containsExactly(json("""
                {"id": "JD-1", "channel": "im", "startedAt": "2026-11-11T10:00:03+08:00",
                 "agent": {"id": "jd_a7"}, "customer": {"id": "jd_c1"},
                 "turns": [{"role": "customer", "text": "这个能开发票吗", "at": "2026-11-11T10:00:03+08:00"},
                           {"role": "agent", "text": "可以的，下单时备注", "at": "2026-11-11T10:00:10+08:00", "speaker": "jd_a7"}]}
                """), json("""
                {"id": "20261111", "channel": "im", "startedAt": "2026-11-11T10:05:00+08:00",
                 "turns": [{"role": "customer", "text": "数字会话号", "at": "2026-11-11T10:05:00+08:00"}]}
                """));
        assertThat(read.badRecords).containsExactly(
                "3: expected a message object, found string",
                "5: field '内容': expected text or a number, found an object",
                "6: missing sender (none of the fields 发送方, 角色, 发送方角色, 发送者角色, 消息来源, senderRole, role)");
    }

    @Test
    void malformedJsonEndsTheArrayButKeepsWhatCameBefore() throws IOException {
        String export = "[{\"会话ID\": \"A\", \"发送方\": \"买家\", \"内容\": \"一\"},\n {\"会话ID\": \"B\", oops}]";

        RecordingListener read = read(Map.of(), export.getBytes(UTF_8), "export.json");

        assertThat(read.ids()).containsExactly("A");
        assertThat(read.badRecords).singleElement().asString()
                .startsWith("2: malformed JSON at line 2, column ").endsWith("; the rest of the file is not read");
    }

    @Test
    void anNdjsonExport() throws IOException {
        String export = """
                {"session_id": "DY-1", "role": "customer", "time": "2026-11-11T10:00:03+08:00", "text": "Is it in stock?", "customer": "dy_c"}\r
                \r
                {"session_id": "DY-1", "role": " Agent ", "time": "2026-11-11 10:00:20", "text": "有的亲", "agent": "dy_a"}\r
                {"session_id": "DY-1", "role": "customer", broken}\r
                {"Session ID": "DY-2", "Role": "bot", "Time": 1794362500, "Text": "欢迎光临"}\r
                """;

        RecordingListener read = read(Map.of(), export.getBytes(UTF_8), "douyin.ndjson");

        assertThat(read.dialogues).containsExactly(json("""
                {"id": "DY-1", "channel": "im", "startedAt": "2026-11-11T10:00:03+08:00",
                 "agent": {"id": "dy_a"}, "customer": {"id": "dy_c"},
                 "turns": [{"role": "customer", "text": "Is it in stock?", "at": "2026-11-11T10:00:03+08:00"},
                           {"role": "agent", "text": "有的亲", "at": "2026-11-11T10:00:20+08:00", "speaker": "dy_a"}]}
                """), json("""
                {"id": "DY-2", "channel": "im", "startedAt": "2026-11-11T10:01:40+08:00",
                 "turns": [{"role": "bot", "text": "欢迎光临", "at": "2026-11-11T10:01:40+08:00"}]}
                """));
        assertThat(read.badRecords).singleElement().asString().startsWith("4: malformed JSON at column ");
    }

    @Nested
    class Mapping {
        @Test
        void columnsRolesTimezoneAndTimeFormatsCanBeConfiguredAndDefaultSendersStay() throws IOException {
            String tsv = """
                    对话编号\t身份\t时刻\t正文\t订单号
                    L-1\t主播\t20261111100000\t家人们看过来\tO-9
                    L-1\t粉丝\t20261111100005\t能装卫生间吗\t
                    L-1\t买家\t20261111100009\t怎么买\t
                    """;
            Map<String, Object> config = Map.of(
                    "columns", Map.of("session", "对话编号", "role", "身份", "time", "时刻", "text", List.of("内容", "正文"),
                            "attributes.orderNo", "订单号"),
                    "roles", Map.of("主播", "host", "粉丝", "customer"),
                    "timezone", "UTC",
                    "timeFormats", List.of("yyyyMMddHHmmss"));

            RecordingListener read = read(config, tsv.getBytes(UTF_8), "live-export.txt");

            assertThat(read.badRecords).isEmpty();
            assertThat(read.dialogues).containsExactly(json("""
                    {"id": "L-1", "channel": "im", "startedAt": "2026-11-11T10:00:00Z", "parties": ["host"],
                     "turns": [{"role": "host", "text": "家人们看过来", "at": "2026-11-11T10:00:00Z"},
                               {"role": "customer", "text": "能装卫生间吗", "at": "2026-11-11T10:00:05Z"},
                               {"role": "customer", "text": "怎么买", "at": "2026-11-11T10:00:09Z"}],
                     "attributes": {"orderNo": "O-9"}}"""));
            new DialogueReader().read(read.dialogues.getFirst());
        }

        @Test
        void headersMatchIgnoringCaseSpacingAndFullWidthForms() throws IOException {
            String csv = "ＳＥＳＳＩＯＮ_ID , Sender-Role,ＴＥＸＴ\nS1,客服,您好\n";

            assertThat(read(Map.of(), csv.getBytes(UTF_8), "export.csv").ids()).containsExactly("S1");
        }

        @Test
        void aHeaderWithoutARequiredOrAConfiguredColumnIsRefusedNamingIt() {
            byte[] csv = "编号,角色,内容\n1,买家,你好\n".getBytes(UTF_8);

            assertThatThrownBy(() -> read(Map.of(), csv, "export.csv")).isInstanceOf(PluginException.class)
                    .hasMessage("the header has no session column: expected 会话ID or 会话编号 or 会话 or 对话ID or sessionId "
                            + "or conversationId (set columns.session to the name your export uses); the header is 编号, 角色, 内容");
            assertThatThrownBy(() -> read(Map.of("columns", Map.of("session", "编号", "agent", "接待客服")), csv, "export.csv"))
                    .isInstanceOf(PluginException.class)
                    .hasMessage("the header has no agent column: expected 接待客服; the header is 编号, 角色, 内容");
        }

        @Test
        void configurationsThatCannotWorkAreRefusedAtOpen() {
            assertThatThrownBy(() -> open(Map.of("columns", Map.of("sesion", "会话"))))
                    .hasMessage("option 'columns' maps unknown field 'sesion' (did you mean 'session'?)");
            assertThatThrownBy(() -> open(Map.of("roles", Map.of("店小二", "Agent"))))
                    .hasMessage("option 'roles': '店小二' maps to 'Agent'; roles are case-sensitive: did you mean 'agent'?");
            assertThatThrownBy(() -> open(Map.of("timezone", "+25:00"))).hasMessageContaining("option 'timezone'");
            assertThatThrownBy(() -> open(Map.of("timeFormats", List.of("yyyy-MM-dd HH:mm:sss"))))
                    .hasMessageStartingWith("option 'timeFormats': 'yyyy-MM-dd HH:mm:sss' is not a date-time pattern");
            assertThatThrownBy(() -> open(Map.of("encoding", "utf-9"))).hasMessageContaining("option 'encoding'");
            assertThatThrownBy(() -> open(Map.of("format", "xlsx"))).hasMessageContaining("option 'format'");
            assertThatThrownBy(() -> open(Map.of("delimiter", "ab"))).hasMessageContaining("option 'delimiter'");
        }
    }

    @Nested
    class Streaming {
        private static final String INTERLEAVED = """
                会话ID,发送方,内容
                A,买家,a1
                B,买家,b1
                A,客服,a2
                C,买家,c1
                D,买家,d1
                E,买家,e1
                A,买家,a3
                """;

        @Test
        void sessionsAreEmittedOnceQuietForSessionGapRowsInFirstAppearanceOrder() throws IOException {
            RecordingListener read = read(Map.of("sessionGap", 2), INTERLEAVED.getBytes(UTF_8), "export.csv");

            assertThat(read.events).containsExactly(
                    "dialogue A", "dialogue B", "dialogue C", "bad 8", "dialogue D", "dialogue E");
            assertThat(texts(read.dialogues.getFirst())).containsExactly("a1", "a2");
            assertThat(read.badRecords).containsExactly("8: session 'A' continues after its dialogue was emitted "
                    + "(no message of it in the 2 rows before); sort the export by session or raise 'sessionGap'");
        }

        @Test
        void theDefaultGapKeepsInterleavedSessionsWhole() throws IOException {
            RecordingListener read = read(Map.of(), INTERLEAVED.getBytes(UTF_8), "export.csv");

            assertThat(read.ids()).containsExactly("A", "B", "C", "D", "E");
            assertThat(texts(read.dialogues.getFirst())).containsExactly("a1", "a2", "a3");
            assertThat(read.badRecords).isEmpty();
        }

        @Test
        void reportsProgressInBytesUpToTheWholeInput() throws IOException {
            String rows = IntStream.range(0, 40_000).mapToObj(i -> "S-" + (i / 10) + ",买家,第" + i + "条\r\n")
                    .collect(Collectors.joining());
            byte[] csv = ("会话ID,发送方,内容\r\n" + rows).getBytes(UTF_8);

            RecordingListener read = read(Map.of(), csv, "export.csv");

            assertThat(read.dialogues).hasSize(4_000);
            assertThat(read.progress).hasSizeGreaterThan(5).isSorted().doesNotHaveDuplicates();
            assertThat(read.progress.getLast()).isEqualTo(csv.length);
        }
    }

    @Test
    void describesItselfAndIsFoundAsAPlugin() {
        assertThat(ServiceLoader.load(Plugin.class)).anySatisfy(found -> assertThat(found).isInstanceOf(ChatExportPlugin.class));
        assertThat(PLUGIN.info().id()).isEqualTo("chat-export");
        assertThat(PLUGIN.info().kind()).isEqualTo(PluginKind.DIALOGUE_SOURCE);
        assertThat(PLUGIN.info().config()).extracting(ConfigOption::name).containsExactly(
                "format", "columns", "roles", "timezone", "timeFormats", "encoding", "delimiter", "sessionGap");
        assertThat(PLUGIN.info().config()).allSatisfy(option -> assertThat(option.description()).isNotBlank());
        assertThat(PLUGIN.info().description()).contains("sessionGap", "bad record", "bytes");
    }

    private static RecordingListener read(Map<String, Object> config, byte[] bytes, String sourceName) throws IOException {
        RecordingListener listener = new RecordingListener();
        open(config).read(new ByteArrayInputStream(bytes), sourceName, listener);
        return listener;
    }

    /** Opened as the engine would: the configuration checked and its defaults filled in first. */
    private static DialogueSource open(Map<String, Object> config) {
        ConfigValidator.Result checked = ConfigValidator.validate(PLUGIN.info(), config);
        assertThat(checked.problems()).isEmpty();
        return PLUGIN.open(checked.config());
    }

    private static List<String> texts(JsonNode dialogue) {
        return dialogue.get("turns").valueStream().map(turn -> turn.get("text").asText()).toList();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] fixture(String name) {
        try (InputStream in = ChatExportSourceTest.class.getResourceAsStream("/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
