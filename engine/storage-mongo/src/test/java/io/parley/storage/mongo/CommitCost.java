package io.parley.storage.mongo;

import com.mongodb.ConnectionString;
import io.parley.engine.api.TenantId;
import io.parley.engine.spi.storage.DialogueStore;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.testing.StorageContractSuite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * What committing before acknowledging costs on the embedded server: saves N dialogues with T
 * threads into a fresh data directory, once with group commit (Parley's behaviour) and once with
 * H2's old once-a-second background commit, alternating the two R times, and prints each run's
 * rate and the ratio of each pair (the machine may be shared: pairs of neighbouring runs compare
 * better than totals). Not a test: run it by hand, e.g.
 * {@code java -cp <test classpath> io.parley.storage.mongo.CommitCost 4000 8 5}. docs/operations.md
 * ("Durability") has the figures.
 */
public final class CommitCost extends StorageContractSuite {
    private CommitCost() {
    }

    @Override
    protected Storage openStorage() {
        throw new UnsupportedOperationException();
    }

    public static void main(String[] args) throws Exception {
        int dialogues = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        run(dialogues / 4, threads, true);  // warm-up, both paths
        run(dialogues / 4, threads, false);
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            boolean durableFirst = round % 2 == 0;
            double first = run(dialogues, threads, durableFirst);
            double second = run(dialogues, threads, !durableFirst);
            double durable = durableFirst ? first : second;
            double legacy = durableFirst ? second : first;
            ratios.add(durable / legacy);
            System.out.printf(Locale.ROOT, "round %d: group commit %.0f/s, background commit %.0f/s, ratio %.2f%n",
                    round, durable, legacy, durable / legacy);
        }
        ratios.sort(Comparator.naturalOrder());
        System.out.printf(Locale.ROOT, "dialogues %d threads %d: median ratio %.2f (min %.2f, max %.2f)%n",
                dialogues, threads, ratios.get(ratios.size() / 2), ratios.getFirst(), ratios.getLast());
    }

    private static double run(int dialogues, int threads, boolean commitBeforeAcknowledging) throws Exception {
        Path dataDir = Files.createTempDirectory("commit-cost");
        try {
            EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir, commitBeforeAcknowledging);
            try (Storage storage = MongoStorage.connect(new ConnectionString(server.connectionString()), "parley")) {
                DialogueStore store = storage.tenant(TenantId.DEFAULT).dialogues();
                AtomicInteger next = new AtomicInteger();
                List<Thread> writers = new ArrayList<>();
                long start = System.nanoTime();
                for (int t = 0; t < threads; t++) {
                    writers.add(Thread.ofPlatform().start(() -> {
                        for (int i = next.getAndIncrement(); i < dialogues; i = next.getAndIncrement()) {
                            store.save(richDialogue("d-" + i));
                        }
                    }));
                }
                for (Thread writer : writers) {
                    writer.join();
                }
                double rate = dialogues / ((System.nanoTime() - start) / 1e9);
                System.out.printf(Locale.ROOT, "  %s: %.0f dialogues/s, file %d KB before closing%n",
                        commitBeforeAcknowledging ? "group commit" : "background commit", rate,
                        Files.size(server.file()) / 1024);
                return rate;
            } finally {
                server.close();
            }
        } finally {
            deleteRecursively(dataDir);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
