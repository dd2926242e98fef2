package io.parley.app.cli;

import io.parley.engine.api.TenantId;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.spi.storage.Storage;
import io.parley.storage.mongo.StorageFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RulesCommandTest {
    @TempDir
    Path dir;

    @Test
    void pushPublishDiffAndListAgainstTheDataDirectory() throws IOException {
        Path v1 = Files.writeString(dir.resolve("mini.parley"), LifecycleRules.V1);
        Path v2 = Files.writeString(dir.resolve("mini-v2.parley"), LifecycleRules.V2);

        ConsoleCapture pushed = rules("push", v1.toString());
        assertThat(pushed.exitCode()).as(pushed.err()).isZero();
        assertThat(pushed.out()).contains("stored mini@1 as a draft; publish it with: parley rules publish mini 1");
        assertThat(rules("push", v1.toString()).out()).contains("mini@1 is already stored with this source (a draft)");

        ConsoleCapture published = rules("publish", "mini", "1");
        assertThat(published.exitCode()).as(published.err()).isZero();
        assertThat(published.out()).contains("published mini@1");

        assertThat(rules("push", v2.toString()).exitCode()).isZero();
        ConsoleCapture diff = rules("diff", "mini", "1", "2");
        assertThat(diff.exitCode()).as(diff.err()).isZero();
        assertThat(diff.out()).contains("mini@1 → mini@2", "rules added: abusive", "rules removed: no_greeting",
                "rule forbidden_phrase changed", "severity: major → critical", "weight: -20 → -30",
                "lexicon forbidden: +没办法", "lexicons added: abuse", "lexicons removed: greeting",
                "      + ");

        ConsoleCapture list = rules("list");
        assertThat(list.out()).containsPattern("mini\\s+1\\s+1, 2");

        assertThat(rules("publish", "mini", "2").out()).contains("published mini@2 (was mini@1)");
        try (Storage storage = StorageFactory.open(dir.resolve("data"), null)) {
            assertThat(storage.tenant(TenantId.DEFAULT).rulesets().published("mini").orElseThrow().ref()).isEqualTo(new RuleSetRef("mini", 2));
        }
    }

    @Test
    void userErrorsExitWithOneAndAClearMessage() throws IOException {
        Path bad = Files.writeString(dir.resolve("mini.parley"), LifecycleRules.V1.replace("any forbidden", "any forbiden"));

        ConsoleCapture refused = rules("push", bad.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("mini.parley:5:18", "did you mean 'forbidden'?",
                "has errors (see above); nothing was stored");
        assertThat(rules("list").out()).contains("no rule sets stored");

        Files.writeString(bad, LifecycleRules.V1);
        rules("push", bad.toString());
        Files.writeString(bad, LifecycleRules.V1.replace("-20", "-25"));
        ConsoleCapture changed = rules("push", bad.toString());
        assertThat(changed.exitCode()).isEqualTo(1);
        assertThat(changed.err()).contains("mini@1 is already stored with different source", "immutable");

        ConsoleCapture missing = rules("publish", "mini", "9");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("parley: rule set mini has no stored version 9");
        assertThat(rules("diff", "mini", "1", "9").err()).contains("rule set mini has no stored version 9");
        assertThat(rules("push", dir.resolve("nowhere.parley").toString()).err()).contains("rule file not found");
        assertThat(rules("publish", "mini", "0").exitCode()).isEqualTo(1);
    }

    private ConsoleCapture rules(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "rules";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--data-dir";
        all[args.length + 2] = dir.resolve("data").toString();
        return ConsoleCapture.run(all);
    }
}
