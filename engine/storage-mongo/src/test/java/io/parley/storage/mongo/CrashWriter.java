package io.parley.storage.mongo;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.TenantId;
import io.parley.engine.spi.storage.DialogueStore;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.testing.StorageContractSuite;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link CrashDurabilityTest}: writes dialogues into the embedded storage of a
 * data directory from several threads, forever, and prints {@code ack <id>} for each save that
 * returned (was acknowledged). Its parent kills it with SIGKILL.
 */
public final class CrashWriter extends StorageContractSuite {
    private CrashWriter() {
    }

    @Override
    protected Storage openStorage() {
        throw new UnsupportedOperationException();
    }

    static Dialogue dialogue(String id) {
        return simpleDialogue(id, "text " + id);
    }

    public static void main(String[] args) throws InterruptedException {
        Path dataDir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        MongoStorage storage = MongoStorage.embedded(dataDir);
        DialogueStore dialogues = storage.tenant(TenantId.DEFAULT).dialogues();
        out.println("ready");
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            writers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; ; i++) {
                    String id = "c-" + thread + "-" + i;
                    dialogues.save(simpleDialogue(id, "text " + id));
                    synchronized (out) {
                        out.println("ack " + id);
                    }
                }
            }));
        }
        for (Thread writer : writers) {
            writer.join();
        }
    }
}
