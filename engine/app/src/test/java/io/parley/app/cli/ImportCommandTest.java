package io.parley.app.cli;

import io.parley.engine.api.TenantId;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Hit;
import io.parley.engine.api.Participant;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.Turn;
import io.parley.engine.spi.storage.Storage;
import io.parley.storage.mongo.StorageFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ImportCommandTest {
    /** A 千牛-style export, GB18030-encoded as Windows tools write it. */
    private static final String EXPORT = """
            会话ID,发送方,客服昵称,买家昵称,发送时间,消息内容
            C-1,买家,,buyer1,2026-11-11 10:00:03,这个热水器能装在卫生间吗？
            C-1,客服,小美,buyer1,2026-11-11 10:00:41,亲，您好，可以的哦～还有什么可以帮您
            C-1,店小二,阿强,buyer1,2026-11-11 10:00:50,在的
            C-2,买家,,buyer2,2026-11-11 10:05:00,发货了吗
            C-2,客服,阿强,buyer2,2026-11-11 10:04:00,已经发了
            C-3,买家,,buyer3,2026-11-11 10:06:00,我要退货
            C-3,客服,小美,buyer3,2026-11-11 10:06:20,不知道
            """;

    private static final String GREET_RULES = """
            template "greet" version 2 language zh
            lexicon greeting = ["您好", "欢迎"]
            rule no_greeting "未问候" severity minor:
              not agent says any greeting
            scorecard service base 100:
              no_greeting -10
            """;

    @Test
    void importsAnExportStoresAndEvaluatesItsDialoguesAndReportsWhatItSkipped(@TempDir Path dir) throws IOException {
        Path export = Files.write(dir.resolve("qianniu.csv"), EXPORT.getBytes(Charset.forName("GB18030")));
        Path dataDir = dir.resolve("data");

        ConsoleCapture run = ConsoleCapture.run("import", export.toString(), "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).as("rows were skipped").isEqualTo(3);
        assertThat(run.err()).contains(export + ":4: column 发送方: unknown sender '店小二'")
                .contains(export + ": dialogue 'C-2': /turns/1/at: starts at 2026-11-11T10:04:00+08:00, before /turns/0/at");
        assertThat(run.out()).contains(export + ": 2 dialogues evaluated, 1 rejected, 0 failed, 1 bad rows skipped")
                .contains("Summary for rule set ecommerce-presale@6", "dialogues evaluated  2");
        try (Storage storage = StorageFactory.open(dataDir, null)) {
            RuleSetRef example = new RuleSetRef("ecommerce-presale", 6);
            assertThat(storage.tenant(TenantId.DEFAULT).results().count(example)).isEqualTo(2);
            assertThat(storage.tenant(TenantId.DEFAULT).results().find("C-3", example).orElseThrow().hits()).extracting(Hit::rule)
                    .contains("forbidden_phrase", "refund_without_order");
            Dialogue first = storage.tenant(TenantId.DEFAULT).dialogues().find("C-1").orElseThrow();
            assertThat(first.agent()).isEqualTo(new Participant("小美", null));
            assertThat(first.customer()).isEqualTo(new Participant("buyer1", null));
            assertThat(first.turns()).extracting(Turn::role, Turn::text).containsExactly(
                    tuple("customer", "这个热水器能装在卫生间吗？"), tuple("agent", "亲，您好，可以的哦～还有什么可以帮您"));
            assertThat(storage.tenant(TenantId.DEFAULT).dialogues().find("C-2")).isEmpty();
        }
    }

    @Test
    void aMappingFileAndTheFormatOptionDescribeAnExportOfAnotherShape(@TempDir Path dir) throws IOException {
        Path rules = Files.writeString(dir.resolve("greet.parley"), GREET_RULES);
        Path mapping = Files.writeString(dir.resolve("mapping.json"), """
                {"columns": {"session": "conv", "role": "from", "text": "body", "time": "ts"},
                 "roles": {"staff": "agent", "guest": "customer"}}
                """);
        Path export = Files.writeString(dir.resolve("export.txt"), """
                {"conv": "D-1", "from": "guest", "ts": 1794362403000, "body": "在吗"}
                {"conv": "D-1", "from": "staff", "ts": 1794362410000, "body": "欢迎光临"}
                {"conv": "D-2", "from": "guest", "ts": 1794362500000, "body": "在吗"}
                {"conv": "D-2", "from": "staff", "ts": 1794362510000, "body": "说"}
                """);
        Path dataDir = dir.resolve("data");

        ConsoleCapture run = ConsoleCapture.run("import", export.toString(), "--format", "ndjson", "--config", mapping.toString(),
                "--rules", rules.toString(), "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("2 dialogues evaluated, 0 rejected, 0 failed, 0 bad rows skipped")
                .contains("\npublished greet@2\n");
        try (Storage storage = StorageFactory.open(dataDir, null)) {
            RuleSetRef greet = new RuleSetRef("greet", 2);
            assertThat(storage.tenant(TenantId.DEFAULT).rulesets().published("greet")).as("what `parley serve` on this data serves")
                    .hasValueSatisfying(published -> assertThat(published.ref()).isEqualTo(greet));
            assertThat(storage.tenant(TenantId.DEFAULT).results().find("D-1", greet).orElseThrow().hits()).isEmpty();
            EvaluationResult rude = storage.tenant(TenantId.DEFAULT).results().find("D-2", greet).orElseThrow();
            assertThat(rude.hits()).extracting(Hit::rule).containsExactly("no_greeting");
            assertThat(rude.score().value()).isEqualTo(90.0);
            assertThat(storage.tenant(TenantId.DEFAULT).dialogues().find("D-1").orElseThrow().turns().getFirst().at())
                    .hasToString("2026-11-11T10:00:03+08:00");
        }
    }

    @Test
    void aMappingThatCannotWorkIsRefusedBeforeAnythingIsStored(@TempDir Path dir) throws IOException {
        Path export = Files.writeString(dir.resolve("export.csv"), EXPORT);
        Path mapping = Files.writeString(dir.resolve("mapping.json"), "{\"colums\": {\"session\": \"会话ID\"}}");

        ConsoleCapture run = ConsoleCapture.run("import", export.toString(), "--config", mapping.toString(),
                "--data-dir", dir.resolve("data").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(mapping + ": dialogue source 'chat-export'").contains("has no option 'colums'")
                .contains("did you mean 'columns'?");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void anExportWithoutTheColumnsItNeedsIsRefusedNamingThem(@TempDir Path dir) throws IOException {
        Path export = Files.writeString(dir.resolve("export.csv"), "编号,角色,内容\n1,买家,你好\n");

        ConsoleCapture run = ConsoleCapture.run("import", export.toString(), "--data-dir", dir.resolve("data").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(export + ": the header has no session column: expected 会话ID or 会话编号")
                .contains("the header is 编号, 角色, 内容");
    }

    /** A help-desk export whose date and clock sit in two columns and whose role is a flag. */
    private static final String HELPDESK_EXPORT = """
            ticket,date,clock,from,is_staff,body
            T-1,2026-11-11,10:00:03,王女士,0,在吗
            T-1,2026-11-11,10:00:20,SYSTEM,0,[系统] 会话已转接
            T-1,2026-11-11,10:00:41,小美,1,您好，欢迎光临
            T-2,2026-11-11,10:05:00,张先生,0,在吗
            T-2,2026-11-11,10:05:10,,1,（发送方为空）
            T-2,2026-11-11,10:05:40,阿强,1,说
            """;
    private static final String HELPDESK_SCRIPT = """
            (row) => {
              if (row.from === 'SYSTEM') return null;
              if (row.from === '') throw new Error('no sender');
              const role = row.is_staff === '1' ? 'agent' : 'customer';
              return {session: row.ticket, role, time: row.date + ' ' + row.clock, text: row.body, [role]: row.from};
            }
            """;

    @Test
    void aMapScriptShapesEachRowBeforeItIsRead(@TempDir Path dir) throws IOException {
        Path rules = Files.writeString(dir.resolve("greet.parley"), GREET_RULES);
        Path export = Files.writeString(dir.resolve("helpdesk.csv"), HELPDESK_EXPORT);
        Path script = Files.writeString(dir.resolve("rows.js"), HELPDESK_SCRIPT);
        Path dataDir = dir.resolve("data");

        ConsoleCapture run = ConsoleCapture.run("import", export.toString(), "--map", script.toString(),
                "--rules", rules.toString(), "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).as("a row was bad").isEqualTo(3);
        assertThat(run.err()).contains(export + ":6: the row mapper failed: script 'map' at " + script + ":3:30: Error: no sender");
        assertThat(run.out()).contains(export + ": 2 dialogues evaluated, 0 rejected, 0 failed, 1 bad rows skipped, "
                + "1 rows skipped by " + script);
        try (Storage storage = StorageFactory.open(dataDir, null)) {
            RuleSetRef greet = new RuleSetRef("greet", 2);
            Dialogue first = storage.tenant(TenantId.DEFAULT).dialogues().find("T-1").orElseThrow();
            assertThat(first.agent()).isEqualTo(new Participant("小美", null));
            assertThat(first.customer()).isEqualTo(new Participant("王女士", null));
            assertThat(first.turns()).extracting(Turn::role, Turn::text, turn -> turn.at().toString()).containsExactly(
                    tuple("customer", "在吗", "2026-11-11T10:00:03+08:00"),
                    tuple("agent", "您好，欢迎光临", "2026-11-11T10:00:41+08:00"));
            assertThat(storage.tenant(TenantId.DEFAULT).results().find("T-1", greet).orElseThrow().hits()).isEmpty();
            assertThat(storage.tenant(TenantId.DEFAULT).results().find("T-2", greet).orElseThrow().hits()).extracting(Hit::rule)
                    .containsExactly("no_greeting");
            assertThat(storage.tenant(TenantId.DEFAULT).dialogues().find("T-2").orElseThrow().turns()).extracting(Turn::text)
                    .containsExactly("在吗", "说");
        }
    }

    @Test
    void aMapScriptWithASyntaxErrorIsRefusedWithItsPositionBeforeAnythingIsStored(@TempDir Path dir) throws IOException {
        Path export = Files.writeString(dir.resolve("helpdesk.csv"), HELPDESK_EXPORT);
        Path script = Files.writeString(dir.resolve("rows.js"), "(row) => {\n  return {session: row.ticket,, role: 'agent'};\n}\n");

        ConsoleCapture run = ConsoleCapture.run("import", export.toString(), "--map", script.toString(),
                "--data-dir", dir.resolve("data").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("script 'map' at " + script + ":2:31: SyntaxError: Expected property id but found ,");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aMissingExportIsAUserError(@TempDir Path dir) {
        ConsoleCapture run = ConsoleCapture.run("import", dir.resolve("nope.csv").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("export file not found: " + dir.resolve("nope.csv"));
    }
}
