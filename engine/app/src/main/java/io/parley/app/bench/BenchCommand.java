package io.parley.app.bench;

import io.parley.engine.api.TenantId;
import io.parley.engine.api.security.Role;
import io.parley.engine.impl.security.AccessControl;
import io.parley.http.HttpSettings;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.app.server.ParleyServer;
import io.parley.app.server.RuleSetLoader;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Hit;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.json.ParleyJson;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.impl.evaluate.ConstraintCompilation;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.impl.ingest.DialogueIngestor;
import io.parley.engine.impl.lifecycle.Backtest;
import io.parley.engine.impl.plugin.PluginRegistry;
import io.parley.engine.spi.storage.Storage;
import io.parley.ml.tools.OnnxBenchmark;
import io.parley.plugins.js.JsBenchmark;
import io.parley.storage.mongo.StorageFactory;
import io.parley.workflow.impl.WorkflowBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Measures throughput on synthetic dialogues and prints {@code bench.<metric> = <number> <unit>}
 * lines for scripts. Each phase runs a warm-up first so the JIT and Drools' caches are hot.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark annotate+evaluate+score, and the full path with storage, on synthetic dialogues.")
public final class BenchCommand implements java.util.concurrent.Callable<Integer> {
    /** Of each side of the comparison with the text DRL. */
    private static final Duration COMPARISON_WARMUP = Duration.ofSeconds(1);
    private static final Duration COMPARISON_MEASURED = Duration.ofSeconds(3);

    @Option(names = "--dialogues", defaultValue = "20000", description = "Dialogues per measured phase (default: ${DEFAULT-VALUE}).")
    int dialogues;

    @Option(names = "--turns", defaultValue = "20", description = "Turns per dialogue (default: ${DEFAULT-VALUE}).")
    int turns;

    @Option(names = "--threads", defaultValue = "0", description = "Worker threads (default: one per core).")
    int threads;

    @Option(names = "--rules", paramLabel = "FILE", description = "Rule set to measure (default: the bundled e-commerce example).")
    Path rules;

    @Option(names = "--generated-rules", defaultValue = "200", paramLabel = "N",
            description = "Also measure a generated N-rule template against the same rules hand-written as text-matching DRL (0: skip; default: ${DEFAULT-VALUE}).")
    int generatedRules;

    @Option(names = "--mongo-uri", defaultValue = "${env:PARLEY_MONGO_URI}", paramLabel = "URI",
            description = "Measure the full path against this MongoDB instead of an embedded one in a temporary directory.")
    String mongoUri;

    @Option(names = "--workflow", description = "Benchmark only the default scoring workflow (instances/s, history full).")
    boolean workflow;

    @Option(names = "--ml", description = "Benchmark the ONNX embedding models instead: pipeline vs raw ONNX Runtime, per-dialogue cost with and without the cache, memory.")
    boolean ml;

    @Override
    public Integer call() throws Exception {
        int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        if (workflow) {
            return benchWorkflow(workers);
        }
        if (ml) {
            OnnxBenchmark.run(Math.min(dialogues, 1_000), workers).forEach(System.out::println);
            return 0;
        }
        RuleSetLoader loader = new RuleSetLoader(System.err, new SimpleMeterRegistry());
        long compileStart = System.nanoTime();
        RuleSetLoader.Loaded ruleset = rules == null ? loader.example() : loader.compileFile(rules);
        double compileMs = (System.nanoTime() - compileStart) / 1e6;
        SyntheticDialogues generator = new SyntheticDialogues(42, ruleset.definition().lexicons(), turns);
        List<Dialogue> input = IntStream.range(0, dialogues).mapToObj(i -> generator.next("bench-" + i)).toList();
        int warmup = Math.min(dialogues, 2_000);

        System.out.printf("# %s, %d dialogues x %d turns, %d threads, JDK %s, %d cores%n", ruleset.ref(), dialogues, turns,
                workers, Runtime.version(), Runtime.getRuntime().availableProcessors());
        print("compile", compileMs, "ms");

        Consumer<List<Dialogue>> evaluateOneByOne = dialogues -> dialogues.forEach(ruleset.evaluator()::evaluate);
        run(input.subList(0, warmup), workers, 1, evaluateOneByOne);
        Phase evaluate = run(input, workers, 1, evaluateOneByOne);
        print("evaluate.throughput", evaluate.throughput(), "dialogues/s");
        print("evaluate.latency.p50", evaluate.percentile(0.50), "ms");
        print("evaluate.latency.p99", evaluate.percentile(0.99), "ms");
        print("evaluate.cpu_per_dialogue", evaluate.cpuMsPerDialogue(), "ms");

        if (generatedRules > 0) {
            compareWithTextDrl(loader, workers, warmup);
        }

        // The sandbox's own costs: context creation, a warmed call, a 20-turn dialogue with a fresh context.
        JsBenchmark.run(Duration.ofSeconds(2)).forEach(System.out::println);

        fullPath("", ruleset, generator, workers, true);
        // Last: the server closes the rule set's evaluator with itself.
        httpPath(ruleset, generator);
        return 0;
    }

    /**
     * The product's ingest path end to end: a running server (embedded storage in a temporary
     * directory unless {@code --mongo-uri}) takes the dialogues as NDJSON on
     * {@code POST /api/v1/dialogues/batch}, stores each before answering its line, evaluates them on
     * its workers and stores their results; timed from the first byte sent until every result is
     * stored. A warm-up upload of as many dialogues comes first.
     */
    private void httpPath(RuleSetLoader.Loaded ruleset, SyntheticDialogues generator) throws Exception {
        onFreshStorage(storage -> {
            try (ParleyServer server = new ParleyServer(storage, ruleset.evaluator(), ParleyServer.newMetrics())) {
                // The rate limiter counts every request (its cost is in the figures) but never refuses one.
                HttpSettings unlimited = new HttpSettings(1_000_000, 10, Duration.ofMinutes(10), Map.of(), List.of(), false,
                        Duration.ofMinutes(30));
                String base = "http://127.0.0.1:" + server.startHttp("127.0.0.1", 0, unlimited);
                URI batch = URI.create(base + "/api/v1/dialogues/batch");
                String key = new AccessControl(storage, Clock.systemUTC(), Duration.ofMinutes(30))
                        .createKey(TenantId.DEFAULT, Role.SOLUTION_ENGINEER, "bench", null, "bench", "").token();
                HttpClient client = HttpClient.newHttpClient();
                postAndAwait(client, batch, key, ndjson(generator, "http-warmup-"), server.ingestor());
                byte[] body = ndjson(generator, "http-");
                long cpuStart = processCpuNanos();
                long start = System.nanoTime();
                postAndAwait(client, batch, key, body, server.ingestor());
                double seconds = (System.nanoTime() - start) / 1e9;
                print("http.batch.throughput", dialogues / seconds, "dialogues/s");
                print("http.batch.cpu_per_dialogue", (processCpuNanos() - cpuStart) / 1e6 / dialogues, "ms");
                System.out.printf("# http = POST %d dialogues as one NDJSON upload (%.1f MB) + every result stored, %s, on %s%n",
                        dialogues, body.length / 1e6, ruleset.ref(), storage.describe());
                authCost(storage, client, base, key);
            }
        });
    }

    /**
     * What checking an API key costs. In process: the first use of a key (one Argon2id verification)
     * and every later use (a map lookup; the stored key re-read at most once a second). Over HTTP:
     * a route that does nothing but answer who called ({@code GET /api/v1/session}) against one
     * refused by the guard before any work ({@code GET /api/v1/rulesets} without credentials, a
     * 401), interleaved in rounds on one connection, so their difference is the key check plus the
     * worker-thread hand-off every guarded route pays.
     */
    private static void authCost(Storage storage, HttpClient client, String base, String key) throws Exception {
        List<Double> firstUse = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            AccessControl fresh = new AccessControl(storage, Clock.systemUTC(), Duration.ofMinutes(30));
            long start = System.nanoTime();
            fresh.authenticateKey(key, "");
            firstUse.add((System.nanoTime() - start) / 1e6);
        }
        AccessControl access = new AccessControl(storage, Clock.systemUTC(), Duration.ofMinutes(30));
        access.authenticateKey(key, "");
        List<Double> cached = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            int calls = 200_000;
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                if (access.authenticateKey(key, "").isEmpty()) {
                    throw new IllegalStateException("the bench key was refused");
                }
            }
            cached.add((System.nanoTime() - start) / 1e3 / calls);
        }
        HttpRequest withKey = HttpRequest.newBuilder(URI.create(base + "/api/v1/session")).header("Authorization", "Bearer " + key).build();
        HttpRequest refused = HttpRequest.newBuilder(URI.create(base + "/api/v1/rulesets")).build();
        List<Double> keyed = new ArrayList<>();
        List<Double> anonymous = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            keyed.add(perRequestMicros(client, withKey, 200, 1_000));
            anonymous.add(perRequestMicros(client, refused, 401, 1_000));
        }
        print("auth.key.first_use", median(firstUse), "ms");
        print("auth.key.check", median(cached), "µs");
        print("http.request.with_key", median(keyed.subList(1, keyed.size())), "µs");
        print("http.request.refused_401", median(anonymous.subList(1, anonymous.size())), "µs");
        System.out.printf("# auth = key check in process (median of 5 rounds of 200,000); HTTP: sequential requests on one "
                + "connection, median of 5 interleaved rounds of 1,000 after one warm-up round%n");
    }

    private static double perRequestMicros(HttpClient client, HttpRequest request, int status, int count) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            int answered = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (answered != status) {
                throw new IllegalStateException(request.uri() + " answered " + answered + ", not " + status);
            }
        }
        return (System.nanoTime() - start) / 1e3 / count;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private byte[] ndjson(SyntheticDialogues generator, String idPrefix) throws IOException {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (int i = 0; i < dialogues; i++) {
            ParleyJson.mapper().writeValue(lines, generator.next(idPrefix + i));
            lines.write('\n');
        }
        return lines.toByteArray();
    }

    private static void postAndAwait(HttpClient client, URI batch, String key, byte[] body, DialogueIngestor ingestor)
            throws Exception {
        HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(batch)
                .header("Content-Type", "application/x-ndjson").header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofLines());
        String summary;
        try (Stream<String> lines = response.body()) {
            summary = lines.reduce((first, second) -> second).orElse("");
        }
        if (response.statusCode() != 200 || !summary.contains("\"rejected\":0")) {
            throw new IllegalStateException("the batch upload was not accepted whole: HTTP " + response.statusCode() + ", " + summary);
        }
        if (!ingestor.awaitIdle(Duration.ofMinutes(10))) {
            throw new IllegalStateException("the server did not finish evaluating the upload within 10 minutes");
        }
    }

    /**
     * Persist dialogue + evaluate + store result through the ingestor, in batches, on fresh storage
     * (embedded in a temporary directory unless {@code --mongo-uri}); then, if asked, the backtest
     * of everything stored.
     */
    private void fullPath(String prefix, RuleSetLoader.Loaded ruleset, SyntheticDialogues generator, int workers,
                          boolean backtestToo) throws Exception {
        List<Dialogue> input = IntStream.range(0, dialogues).mapToObj(i -> generator.next(prefix + "full-" + i)).toList();
        onFreshStorage(storage -> {
            try (DialogueIngestor ingestor = new DialogueIngestor(storage.tenant(TenantId.DEFAULT), ruleset::evaluator, workers)) {
                // As many as measured: 2,000 left the JIT compiling the driver, server and H2 paths during
                // the measured run (its throughput rose by half when it was simply run a second time).
                List<Dialogue> warmupInput = IntStream.range(0, dialogues).mapToObj(i -> generator.next(prefix + "full-warmup-" + i)).toList();
                run(warmupInput, workers, DialogueIngestor.BATCH_SIZE, ingestor::evaluateAndStoreAll);
                Phase full = run(input, workers, DialogueIngestor.BATCH_SIZE, ingestor::evaluateAndStoreAll);
                print(prefix + "full.throughput", full.throughput(), "dialogues/s");
                print(prefix + "full.latency.p50", full.percentile(0.50), "ms");
                print(prefix + "full.latency.p99", full.percentile(0.99), "ms");
                print(prefix + "full.cpu_per_dialogue", full.cpuMsPerDialogue(), "ms");
                System.out.printf("# %sfull path = persist dialogue + annotate + evaluate + score + store result with %s, in batches of %d"
                        + " (a dialogue's latency is its batch's), on %s%n", prefix, ruleset.ref(), DialogueIngestor.BATCH_SIZE,
                        storage.describe());
                resultLookups(prefix, storage, input);
                if (backtestToo) {
                    backtest(storage, ruleset, workers);
                }
            }
        });
    }

    /** What {@code GET /api/v1/dialogues/{id}/result} reads: the latest result of stored dialogues, one at a time. */
    private static void resultLookups(String prefix, Storage storage, List<Dialogue> stored) {
        int lookups = Math.min(stored.size(), 1_000);
        long start = System.nanoTime();
        for (int i = 0; i < lookups; i++) {
            if (storage.tenant(TenantId.DEFAULT).results().latest(stored.get(i * (stored.size() / lookups)).id()).isEmpty()) {
                throw new IllegalStateException("a stored dialogue has no result: the lookup figure would mean nothing");
            }
        }
        print(prefix + "result_lookup.latency", (System.nanoTime() - start) / 1e6 / lookups, "ms");
    }

    private static void backtest(Storage storage, RuleSetLoader.Loaded ruleset, int workers) {
        // Streaming alone, to tell reading from evaluating in the backtest figure below.
        long readStart = System.nanoTime();
        long[] read = {0};
        storage.tenant(TenantId.DEFAULT).dialogues().forEach(dialogue -> read[0]++);
        print("backtest.read.dialogues_per_s", read[0] / ((System.nanoTime() - readStart) / 1e9), "dialogues/s");
        // Every dialogue stored, streamed back and judged by two versions (the same rules twice).
        Backtest.Outcome backtest = Backtest.run(storage.tenant(TenantId.DEFAULT).dialogues(), storage.tenant(TenantId.DEFAULT).annotations(), ruleset.evaluator(), ruleset.evaluator(),
                new Backtest.Options(null, workers, (examined, total) -> { }, () -> false));
        print("backtest.dialogues_per_s", backtest.dialoguesPerSecond(), "dialogues/s");
        System.out.printf("bench.backtest.annotations.reused = %d operator runs%n", backtest.annotations().reused());
        System.out.printf("bench.backtest.annotations.recomputed = %d operator runs%n", backtest.annotations().recomputed());
        System.out.printf("# backtest = stream %d stored dialogues + evaluate each with two versions + compare verdicts%n",
                backtest.compared());
    }

    /**
     * The generated template (lexicons, Aho-Corasick signals, Drools over signal facts) side by side
     * with the same rules as DRL calling {@code text.contains}, on the same dialogues; the hits of
     * both must agree, or the comparison would mean nothing. The text DRL gets its best setting:
     * jitted constraints (≈2.5× faster than interpreted for {@code contains} chains).
     */
    private void compareWithTextDrl(RuleSetLoader loader, int workers, int warmup) throws Exception {
        GeneratedRuleSet generated = GeneratedRuleSet.of(generatedRules, 7);
        long compileStart = System.nanoTime();
        RuleSetLoader.Loaded parley = loader.compile("generated", "generated.parley", generated.parley());
        double compileMs = (System.nanoTime() - compileStart) / 1e6;
        RuleSetDefinition definition = parley.definition();
        long textCompileStart = System.nanoTime();
        try (RuleSetEvaluator textDrl = RuleSetEvaluator.compile(new RuleSetDefinition(new RuleSetRef("generated-text-drl", 1),
                definition.language(), List.of(), List.of(), definition.rules(), generated.textDrl(), null),
                PluginRegistry.installed(), new SimpleMeterRegistry(), ConstraintCompilation.JITTED)) {
            double textCompileMs = (System.nanoTime() - textCompileStart) / 1e6;
            SyntheticDialogues generator = new SyntheticDialogues(43, definition.lexicons(), turns);
            List<Dialogue> input = IntStream.range(0, dialogues).mapToObj(i -> generator.next("gen-" + i)).toList();
            long disagreements = input.stream().limit(warmup)
                    .filter(d -> !ruleIds(parley.evaluator().evaluate(d)).equals(ruleIds(textDrl.evaluate(d)))).count();
            if (disagreements > 0) {
                throw new IllegalStateException("the generated template and its text DRL disagree on " + disagreements
                        + " of " + warmup + " dialogues: the comparison would be meaningless");
            }
            Consumer<List<Dialogue>> viaParley = dialogues -> dialogues.forEach(parley.evaluator()::evaluate);
            Consumer<List<Dialogue>> viaText = dialogues -> dialogues.forEach(textDrl::evaluate);
            // Both sides get the same time, not the same count: one pass of the generated template takes
            // ≈0.2 s, too short to leave the JIT's compilations and a collection or two out of the figure.
            runFor(COMPARISON_WARMUP, input, workers, viaParley);
            runFor(COMPARISON_WARMUP, input, workers, viaText);
            Phase parleyPhase = runFor(COMPARISON_MEASURED, input, workers, viaParley);
            Phase textPhase = runFor(COMPARISON_MEASURED, input, workers, viaText);
            String prefix = "rules" + generatedRules + ".";
            print(prefix + "compile", compileMs, "ms");
            print(prefix + "evaluate.throughput", parleyPhase.throughput(), "dialogues/s");
            print(prefix + "text_drl.compile", textCompileMs, "ms");
            print(prefix + "text_drl.evaluate.throughput", textPhase.throughput(), "dialogues/s");
            print("ratio_vs_text_drl", parleyPhase.throughput() / textPhase.throughput(), "x");
            System.out.printf("# %d generated rules over %d lexicons; both agree on the hits of %d dialogues%n",
                    generatedRules, generatedRules, warmup);
            // The full-path target is on this template: storage is then nearly all of the cost.
            fullPath(prefix, parley, new SyntheticDialogues(44, definition.lexicons(), turns), workers, false);
        } finally {
            parley.evaluator().close();
        }
    }

    private static List<String> ruleIds(EvaluationResult result) {
        return result.hits().stream().map(Hit::rule).toList();
    }

    /** The shipped scoring workflow on a real engine against storage (embedded in a temporary directory unless --mongo-uri). */
    private int benchWorkflow(int workers) throws Exception {
        onFreshStorage(storage -> WorkflowBenchmark.run(storage, workers, Duration.ofSeconds(3), System.out::println));
        return 0;
    }

    private interface StorageUse {
        void accept(Storage storage) throws Exception;
    }

    /** Runs {@code use} on fresh storage: embedded in a temporary directory, deleted afterwards, unless {@code --mongo-uri}. */
    private void onFreshStorage(StorageUse use) throws Exception {
        Path tempDir = mongoUri == null || mongoUri.isBlank() ? Files.createTempDirectory("parley-bench") : null;
        try (Storage storage = StorageFactory.open(tempDir, mongoUri)) {
            use.accept(storage);
        } finally {
            if (tempDir != null) {
                deleteRecursively(tempDir);
            }
        }
    }

    /**
     * @param cpuSeconds CPU time of the whole process over the phase (every thread: workers, the
     *                   embedded server, JIT, GC), which on a shared machine says more than wall time
     */
    private record Phase(int count, double seconds, double cpuSeconds, double[] latenciesMs) {
        double throughput() {
            return count / seconds;
        }

        double cpuMsPerDialogue() {
            return cpuSeconds * 1e3 / count;
        }

        double percentile(double p) {
            double[] sorted = latenciesMs.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
        }
    }

    /** Whole passes over the input, one at a time, until {@code atLeast} has passed; one phase of them all. */
    private static Phase runFor(Duration atLeast, List<Dialogue> input, int workers, Consumer<List<Dialogue>> step) throws Exception {
        List<Phase> passes = new ArrayList<>();
        long start = System.nanoTime();
        do {
            passes.add(run(input, workers, 1, step));
        } while (System.nanoTime() - start < atLeast.toNanos());
        return new Phase(passes.stream().mapToInt(Phase::count).sum(), passes.stream().mapToDouble(Phase::seconds).sum(),
                passes.stream().mapToDouble(Phase::cpuSeconds).sum(),
                passes.stream().flatMapToDouble(pass -> Arrays.stream(pass.latenciesMs())).toArray());
    }

    /** Each worker takes an equal share of the input and passes it to {@code step} batch by batch. */
    private static Phase run(List<Dialogue> input, int workers, int batchSize, Consumer<List<Dialogue>> step) throws Exception {
        double[] latencies = new double[input.size()];
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        try {
            int share = (input.size() + workers - 1) / workers;
            List<Future<?>> parts = IntStream.range(0, workers).<Future<?>>mapToObj(w -> pool.submit(() -> {
                int end = Math.min(input.size(), (w + 1) * share);
                for (int from = w * share; from < end; from += batchSize) {
                    int to = Math.min(end, from + batchSize);
                    long t = System.nanoTime();
                    step.accept(input.subList(from, to));
                    Arrays.fill(latencies, from, to, (System.nanoTime() - t) / 1e6);
                }
            })).toList();
            for (Future<?> part : parts) {
                part.get();
            }
        } finally {
            pool.shutdown();
        }
        return new Phase(input.size(), (System.nanoTime() - start) / 1e9, (processCpuNanos() - cpuStart) / 1e9, latencies);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void print(String metric, double value, String unit) {
        System.out.printf(value < 10 ? "bench.%s = %.3f %s%n" : "bench.%s = %.1f %s%n", metric, value, unit);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
