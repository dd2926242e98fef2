package io.parley.storage.mongo;

import io.parley.engine.api.TenantId;
import io.parley.engine.spi.storage.DialogueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "An acknowledged write survives a crash": a child JVM ({@link CrashWriter}) writes dialogues and
 * prints each acknowledged id; it is killed with SIGKILL at a random moment, twice on the same data
 * directory; every id it printed must be in storage afterwards.
 */
class CrashDurabilityTest {
    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedDialogueSurvivesKillMinus9() throws Exception {
        List<String> acknowledged = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            acknowledged.addAll(writeAndKill(300 + ThreadLocalRandom.current().nextInt(1_200)));
        }
        assertThat(acknowledged).hasSizeGreaterThan(20);
        try (MongoStorage storage = MongoStorage.embedded(dataDir)) {
            DialogueStore dialogues = storage.tenant(TenantId.DEFAULT).dialogues();
            List<String> lost = acknowledged.stream().filter(id -> dialogues.find(id).isEmpty()).toList();
            assertThat(lost).as("acknowledged, then lost (of %d)", acknowledged.size()).isEmpty();
        }
    }

    private List<String> writeAndKill(long killAfterMillis) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), dataDir.toString(), "8")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("the child's first line").isEqualTo("ready");
            Thread killer = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(killAfterMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                // SIGKILL through the handle: Process.destroyForcibly() would also close our end of its
                // output, losing the acknowledgements still in the pipe.
                child.toHandle().destroyForcibly();
            });
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ack ")) {
                    acknowledged.add(line.substring(4));
                }
            }
            killer.join();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        return acknowledged;
    }
}
