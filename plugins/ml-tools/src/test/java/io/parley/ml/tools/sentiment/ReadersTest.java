package io.parley.ml.tools.sentiment;

import io.parley.plugins.sentiment.ContextTurn;
import io.parley.plugins.sentiment.Sentiment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class ReadersTest {

    @Test
    void pythonListsWithBothQuotesAndEscapes() {
        assertThat(PythonStringList.parse("['a|||b', \"it's\", 'x\\'y', '\\u4f60\\n']"))
                .containsExactly("a|||b", "it's", "x'y", "你\n");
        assertThat(PythonStringList.parse("[]")).isEmpty();
        assertThatThrownBy(() -> PythonStringList.parse("['open")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jddcLinesBecomeTurnsWithEmptyRepliesAsUnansweredAndOverallClosesADialogue(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("valid_jddc.txt");
        Files.writeString(file, String.join("\n",
                "['在吗|||', '快递没到|||您好，请提供订单号', '订单123|||']\t[0, 0, 0]\t1",
                "['在吗|||', '快递没到|||您好，请提供订单号', '订单123|||', '怎么还不回|||']\t[0, 0, 0, 0]\t0",
                "['快递没到|||您好，请提供订单号', '订单123|||', '怎么还不回|||稍等', 'OVERALL|||']\t[0, 0, 0, 5]\t0",
                "['你好|||您好', '谢谢|||']\t[0, 0]\t2",
                "['你好|||您好', '谢谢|||不客气', 'OVERALL|||']\t[0, 0, 5]\t2", ""));

        List<JddcSatisfactionFile.JddcDialogue> dialogues = JddcSatisfactionFile.read(file);

        assertThat(dialogues).extracting(JddcSatisfactionFile.JddcDialogue::key, d -> d.turns().size(),
                        JddcSatisfactionFile.JddcDialogue::overall)
                .containsExactly(tuple("jddc/valid_jddc.txt/0", 2, Sentiment.NEGATIVE), tuple("jddc/valid_jddc.txt/1", 1, Sentiment.POSITIVE));
        LabelledTurn second = dialogues.getFirst().turns().get(1);
        assertThat(second.turns()).extracting(ContextTurn::role, ContextTurn::text).containsExactly(
                tuple("customer", "在吗"), tuple("customer", "快递没到"), tuple("agent", "您好，请提供订单号"),
                tuple("customer", "订单123"), tuple("customer", "怎么还不回"));
        assertThat(second.index()).isEqualTo(4);
        assertThat(second.label()).isEqualTo(Sentiment.NEGATIVE);
        assertThat(second.dialogueKey()).isEqualTo("jddc/valid_jddc.txt/0");
    }

    @Test
    void aBadJddcClassNamesFileAndLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.txt");
        Files.writeString(file, "['a|||']\t[0]\t1\n['a|||', 'b|||']\t[0, 0]\t7\n");

        assertThatThrownBy(() -> JddcSatisfactionFile.read(file)).isInstanceOf(IOException.class)
                .hasMessage("bad.txt:2: class must be 0, 1 or 2, was '7'");
    }

    @Test
    void reviewCsvWithQuotesBomAndCategoryColumn(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("reviews.csv");
        Files.writeString(file, "\uFEFFcat,label,review\r\n书籍,1,\"好书,\"\"值得\"\"一读\"\r\n水果,0,不新鲜\r\n水果,x,坏行\r\n");

        assertThat(ReviewCsv.read(file)).extracting(r -> r.turn().text(), LabelledTurn::label, LabelledTurn::dialogueKey)
                .containsExactly(tuple("好书,\"值得\"一读", Sentiment.POSITIVE, "review/好书,\"值得\"一读"),
                        tuple("不新鲜", Sentiment.NEGATIVE, "review/不新鲜"));
    }

    @Test
    void csvFieldsMayHoldNewlines() throws IOException {
        assertThat(ReviewCsv.parse(new StringReader("label,review\n1,\"两行\n评论\"\n0,短"))).containsExactly(
                List.of("label", "review"), List.of("1", "两行\n评论"), List.of("0", "短"));
    }

    @Test
    void stc3LabelsTheLastCustomerTurnByTheMeanSatisfaction(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("stc3.json");
        Files.writeString(file, """
                [{"id": "1", "turns": [{"sender": "customer", "utterances": ["网络断了", "三天了"]},
                                       {"sender": "helpdesk", "utterances": ["抱歉"]},
                                       {"sender": "customer", "utterances": ["冠冕堂皇的话我不要听,谢谢！！！"]},
                                       {"sender": "helpdesk", "utterances": ["已加急"]}],
                  "annotations": [{"quality": {"S": -1}}, {"quality": {"S": -1}}, {"quality": {"S": 1}}]},
                 {"id": "2", "turns": [{"sender": "customer", "utterances": ["好了"]}], "annotations": [{"quality": {"S": 1}}]},
                 {"id": "3", "turns": [{"sender": "customer", "utterances": ["无标注"]}]}]
                """);

        List<LabelledTurn> examples = Stc3Dialogues.read(file);

        assertThat(examples).extracting(LabelledTurn::dialogueKey, LabelledTurn::index, LabelledTurn::label)
                .containsExactly(tuple("stc3/1", 2, Sentiment.NEUTRAL), tuple("stc3/2", 0, Sentiment.POSITIVE));
        assertThat(examples.getFirst().turns()).extracting(ContextTurn::text)
                .containsExactly("网络断了 三天了", "抱歉", "冠冕堂皇的话我不要听,谢谢！！！");
    }

    @Test
    void onlySarcasticCommentsAreKeptAsNegatives(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("train.json");
        Files.writeString(file, "[{\"text\": \"好湾湾！\", \"topic\": \"t\", \"label\": \"1\"}, {\"text\": \"普通评论\", \"topic\": \"t\", \"label\": \"0\"}]");

        assertThat(ToSarcasmComments.readSarcastic(file)).extracting(r -> r.turn().text(), LabelledTurn::label)
                .containsExactly(tuple("好湾湾！", Sentiment.NEGATIVE));
    }
}
