package io.parley.app.cli;

import io.parley.engine.api.TenantId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.app.server.RuleSetLoader;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.spi.storage.Storage;
import io.parley.storage.mongo.StorageFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RunCommandTest {
    private static final String RULES = """
            template "mini" version 1 language zh
            lexicon forbidden = ["不知道"]
            rule forbidden_phrase "禁语" severity major:
              agent says any forbidden
            scorecard quality base 100:
              forbidden_phrase -20
            """;

    @Test
    void evaluatesGoodLinesStoresTheirResultsAndReportsBadLinesByNumber(@TempDir Path dir) throws IOException {
        Path rules = Files.writeString(dir.resolve("mini.parley"), RULES);
        Path input = Files.writeString(dir.resolve("in.ndjson"), """
                {"id": "r-1", "turns": [{"role": "customer", "text": "发货了吗"}, {"role": "agent", "text": "不知道"}]}

                {"id": "r-2", "turns": [{"role": "agnet", "text": "您好"}]}
                {"id": "r-3", "turns": [{"role": "customer", "text": "发货了吗"}, {"role": "agent", "text": "已发货"}]}
                """);
        Path dataDir = dir.resolve("data");

        ConsoleCapture run = ConsoleCapture.run("run", "--rules", rules.toString(), "--input", input.toString(),
                "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).as("some lines were rejected").isEqualTo(3);
        assertThat(run.err()).contains(input + ":3: /turns/0/role: unknown role 'agnet'");
        assertThat(run.out()).contains("2 evaluated, 1 rejected, 0 failed").contains("dialogues evaluated  2");
        try (Storage storage = StorageFactory.open(dataDir, null)) {
            RuleSetRef mini = new RuleSetRef("mini", 1);
            assertThat(storage.tenant(TenantId.DEFAULT).results().count(mini)).isEqualTo(2);
            assertThat(storage.tenant(TenantId.DEFAULT).results().find("r-1", mini).orElseThrow().score().value()).isEqualTo(80.0);
            assertThat(storage.tenant(TenantId.DEFAULT).results().find("r-3", mini).orElseThrow().hits()).isEmpty();
            assertThat(storage.tenant(TenantId.DEFAULT).rulesets().published("mini").orElseThrow().ref()).isEqualTo(mini);
        }
    }

    @Test
    void publishesWhatItRanSoThatServeOnTheSameDataServesIt(@TempDir Path dir) throws IOException {
        Path dataDir = dir.resolve("data");
        RuleSetLoader loader = new RuleSetLoader(System.err, new SimpleMeterRegistry());
        try (Storage storage = StorageFactory.open(dataDir, null)) {
            // What a newcomer has after `parley demo`: the example published.
            loader.publish(loader.example(), storage.tenant(TenantId.DEFAULT)).evaluator().close();
        }
        Path rules = Files.writeString(dir.resolve("mini.parley"), RULES);
        Path input = Files.writeString(dir.resolve("in.ndjson"),
                "{\"id\": \"r-1\", \"turns\": [{\"role\": \"agent\", \"text\": \"不知道\"}]}\n");

        ConsoleCapture run = ConsoleCapture.run("run", "--rules", rules.toString(), "--input", input.toString(),
                "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\npublished mini@1\n");
        try (Storage storage = StorageFactory.open(dataDir, null);
             RuleSetEvaluator served = loader.forServing(null, storage.tenant(TenantId.DEFAULT)).evaluator()) {
            assertThat(served.ruleset()).as("the rule set `parley serve` picks on that data").isEqualTo(new RuleSetRef("mini", 1));
            assertThat(storage.tenant(TenantId.DEFAULT).rulesets().published("ecommerce-presale")).as("other rule sets stay published").isPresent();
        }
    }

    @Test
    void aRunOfAnotherVersionSaysWhichVersionItReplaced(@TempDir Path dir) throws IOException {
        Path dataDir = dir.resolve("data");
        Path input = Files.writeString(dir.resolve("in.ndjson"),
                "{\"id\": \"r-1\", \"turns\": [{\"role\": \"agent\", \"text\": \"不知道\"}]}\n");
        Path v1 = Files.writeString(dir.resolve("mini.parley"), RULES);
        Path v2 = Files.writeString(dir.resolve("mini-v2.parley"), RULES.replace("version 1", "version 2").replace("-20", "-30"));
        ConsoleCapture.run("run", "--rules", v1.toString(), "--input", input.toString(), "--data-dir", dataDir.toString());

        ConsoleCapture second = ConsoleCapture.run("run", "--rules", v2.toString(), "--input", input.toString(),
                "--data-dir", dataDir.toString());

        assertThat(second.out()).contains("\npublished mini@2 (was mini@1)\n");
    }

    @Test
    void aRuleFileWithErrorsStopsBeforeAnythingIsStored(@TempDir Path dir) throws IOException {
        Path rules = Files.writeString(dir.resolve("bad.parley"), RULES.replace("any forbidden", "any forbiden"));
        Path input = Files.writeString(dir.resolve("in.ndjson"), "{\"id\": \"r-1\", \"turns\": [{\"role\": \"agent\", \"text\": \"您好\"}]}\n");

        ConsoleCapture run = ConsoleCapture.run("run", "--rules", rules.toString(), "--input", input.toString(),
                "--data-dir", dir.resolve("data").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("bad.parley:4:", "did you mean 'forbidden'?", "has errors");
        assertThat(dir.resolve("data")).doesNotExist();
    }
}
