package io.parley.app.cli;

import io.parley.ml.EmbeddingModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class EvalCommandTest {

    /** The sentiment evaluations embed with the shared pipeline: its cache in memory, not under the working directory. */
    @BeforeAll
    static void cacheInMemory() {
        System.setProperty(EmbeddingModels.CACHE_DIR_PROPERTY, "none");
    }

    @Test
    void sentimentOnAFileTheHeadNeverSawMeasuresItWholeAgainstBothBaselines(@TempDir Path dir) throws IOException {
        Path reviews = dir.resolve("reviews.csv");
        Files.writeString(reviews, """
                label,review
                1,送得很快，味道很好，下次还点
                1,服务热情，房间干净
                0,等了两个小时才送到，饭都凉了
                0,质量太差，用了一天就坏了
                """);

        ConsoleCapture eval = ConsoleCapture.run("eval", "sentiment", "--data", reviews.toString());

        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out())
                .contains("split: the whole file (reviews.csv was not used in training)")
                .contains("eval.sentiment.examples = 4")
                .containsPattern("eval\\.sentiment\\.accuracy = [01]\\.\\d{4}")
                .containsPattern("eval\\.sentiment\\.macro_f1 = [01]\\.\\d{4}")
                .contains("eval.sentiment.majority.accuracy = 0.5000")
                .containsPattern("eval\\.sentiment\\.keyword\\.macro_f1 = [01]\\.\\d{4}")
                .contains("model confusion matrix");
    }

    @Test
    void satisfactionMeasuresTurnsAndDialoguesOfAJddcFile(@TempDir Path dir) throws IOException {
        Path jddc = dir.resolve("tiny_jddc.txt");
        Files.writeString(jddc, String.join("\n",
                "['在吗|||', '快递三天没到|||', '有人吗|||', '到底什么时候到|||']\t[0, 0, 0, 0]\t0",
                "['在吗|||', '快递三天没到|||', '有人吗|||', '到底什么时候到|||', 'OVERALL|||']\t[0, 0, 0, 0, 5]\t0",
                "['你好|||您好', '发票开好了吗|||已经开好了', '好的|||', '谢谢，解决了|||']\t[0, 0, 0, 0]\t2",
                "['你好|||您好', '发票开好了吗|||已经开好了', '好的|||', '谢谢，解决了|||不客气', 'OVERALL|||']\t[0, 0, 0, 0, 5]\t2", ""));

        ConsoleCapture eval = ConsoleCapture.run("eval", "satisfaction", "--data", jddc.toString());

        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out())
                .contains("split: the whole file (tiny_jddc.txt was not used in training)")
                .contains("eval.satisfaction.examples = 2")
                .containsPattern("eval\\.satisfaction\\.macro_f1 = [01]\\.\\d{4}")
                .contains("eval.satisfaction.dialogue.examples = 2")
                .containsPattern("eval\\.satisfaction\\.dialogue\\.mean_score\\.negative = 0\\.\\d{4}")
                .containsPattern("eval\\.satisfaction\\.dialogue\\.mean_score\\.positive = 0\\.\\d{4}");
    }

    @Test
    void aMissingDataFileIsAClearError(@TempDir Path dir) {
        ConsoleCapture eval = ConsoleCapture.run("eval", "satisfaction", "--data", dir.resolve("none.txt").toString());

        assertThat(eval.exitCode()).isEqualTo(1);
        assertThat(eval.err()).contains("parley: --data: no such file: " + dir.resolve("none.txt"));
    }

    @Test
    void aJddcFileWithABadLineNamesIt(@TempDir Path dir) throws IOException {
        Path jddc = dir.resolve("broken_jddc.txt");
        Files.writeString(jddc, "['你好|||']\t[0]\t1\nnot a jddc line\n");

        ConsoleCapture eval = ConsoleCapture.run("eval", "satisfaction", "--data", jddc.toString());

        assertThat(eval.exitCode()).isEqualTo(1);
        assertThat(eval.err()).contains("broken_jddc.txt:2: expected 3 tab-separated columns, found 1");
    }
}
