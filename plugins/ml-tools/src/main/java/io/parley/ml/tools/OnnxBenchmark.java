package io.parley.ml.tools;

import ai.onnxruntime.OrtException;
import io.parley.ml.EmbeddingCache;
import io.parley.ml.EmbeddingModelCard;
import io.parley.ml.EmbeddingModels;
import io.parley.ml.EmbeddingStyle;
import io.parley.ml.SentenceEmbedder;
import io.parley.ml.TransformerEncoder;
import io.parley.plugins.onnx.ExampleSet;
import io.parley.plugins.onnx.IntentHead;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code parley bench --ml}: the embedding pipeline's throughput against raw ONNX Runtime batch
 * inference of the same model, the per-dialogue cost of intent by examples with and without the
 * cache, and the memory the loaded models hold. Prints {@code bench.ml.<metric> = <number> <unit>}
 * lines. Texts are synthetic Chinese customer-service sentences (4–30 characters), all distinct.
 */
public final class OnnxBenchmark {
    private static final int RAW_BATCH = 32;
    private static final int ROUNDS = 3;
    private static final int TURNS = 20;
    private static final int INTENTS = 5;
    private static final int EXAMPLES_PER_INTENT = 10;

    private OnnxBenchmark() {
    }

    /**
     * @param texts   distinct texts per throughput round
     * @param threads Java threads sharing the session (raw) or the pipeline's pool size
     */
    public static List<String> run(int texts, int threads) throws Exception {
        List<String> lines = new ArrayList<>();
        long rssBefore = residentBytes();
        long heapBefore = usedHeap();
        try (EmbeddingModels models = new EmbeddingModels(EmbeddingCache.inMemory(), threads)) {
            long started = System.nanoTime();
            TransformerEncoder bge = models.encoder(EmbeddingModelCard.BGE_SMALL_ZH);
            double loadMs = (System.nanoTime() - started) / 1e6;
            long rssBge = residentBytes();
            models.encoder(EmbeddingModelCard.ALL_MINILM_L6_V2);
            long rssBoth = residentBytes();
            lines.add(line("load." + EmbeddingModelCard.BGE_SMALL_ZH.id(), loadMs, "ms"));
            lines.add(line("memory." + EmbeddingModelCard.BGE_SMALL_ZH.id(), (rssBge - rssBefore) / 1e6, "MB resident"));
            lines.add(line("memory." + EmbeddingModelCard.ALL_MINILM_L6_V2.id(), (rssBoth - rssBge) / 1e6, "MB resident"));
            lines.add(line("memory.heap", (usedHeap() - heapBefore) / 1e6, "MB Java heap (both models)"));

            SyntheticTexts generator = new SyntheticTexts(7);
            List<String> warmup = generator.distinct(300);
            raw(bge, warmup, threads);
            new SentenceEmbedder(bge, EmbeddingCache.inMemory(), models.pool(), EmbeddingStyle.NORMALISED_BATCHED)
                    .embed(warmup);

            // Alternating rounds, medians: a busy machine's load drifts, and must not favour either side.
            double[] raw = new double[ROUNDS];
            double[] rawSorted = new double[ROUNDS];
            double[] pipeline = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                raw[round] = raw(bge, generator.distinct(texts), threads);
                List<String> byLength = new ArrayList<>(generator.distinct(texts));
                byLength.sort(Comparator.comparingInt(String::length));
                rawSorted[round] = raw(bge, byLength, threads);
                List<String> measured = generator.distinct(texts);
                SentenceEmbedder cold = new SentenceEmbedder(bge, EmbeddingCache.inMemory(), models.pool(), EmbeddingStyle.NORMALISED_BATCHED);
                started = System.nanoTime();
                cold.embed(measured);
                pipeline[round] = measured.size() / ((System.nanoTime() - started) / 1e9);
            }
            lines.add(line("embed.raw_batch", median(raw), "texts/s (raw OrtSession, batches of " + RAW_BATCH + " padded to the longest, "
                    + threads + " threads)"));
            lines.add(line("embed.raw_sorted_batch", median(rawSorted), "texts/s (the same, texts sorted by length first: little padding)"));
            lines.add(line("embed.pipeline", median(pipeline), "texts/s (tokenise, equal-length batches, pool of " + threads + ", cache filled)"));
            lines.add(line("embed.pipeline_vs_raw", 100 * median(pipeline) / median(raw), "% (medians of " + ROUNDS
                    + " alternating rounds of " + texts + " texts)"));
            lines.add(line("embed.pipeline_vs_raw_sorted", 100 * median(pipeline) / median(rawSorted), "%"));

            perDialogue(bge, models, generator, threads, lines);
        }
        intentHead(lines);
        return lines;
    }

    /** The shipped trained intent head alone (vectors given): its cost per text on top of the embedding, in dialogue-sized calls. */
    private static void intentHead(List<String> lines) {
        try (IntentHead head = IntentHead.bundled("banking77")) {
            Random random = new Random(7);
            float[][][] dialogues = new float[500][TURNS][head.encoder().dimension()];
            for (float[][] dialogue : dialogues) {
                for (float[] vector : dialogue) {
                    for (int i = 0; i < vector.length; i++) {
                        vector[i] = (float) random.nextGaussian();
                    }
                }
            }
            List<String> texts = Collections.nCopies(TURNS, "synthetic");
            double[] perText = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                long started = System.nanoTime();
                for (float[][] dialogue : dialogues) {
                    head.probabilities(dialogue, texts);
                }
                perText[round] = (System.nanoTime() - started) / 1e3 / (dialogues.length * TURNS);
            }
            lines.add(line("intent_head.per_text", median(perText), "µs per text (" + head.descriptor().ref() + ", " + TURNS
                    + " vectors per call, medians of " + ROUNDS + " rounds; the embedding is not included)"));
        }
    }

    /** Intent by examples over 20-turn dialogues: every turn new (cold cache), then the same dialogues again (all cached). */
    private static void perDialogue(TransformerEncoder bge, EmbeddingModels models, SyntheticTexts generator, int threads,
                                    List<String> lines) throws Exception {
        SentenceEmbedder embedder = new SentenceEmbedder(bge, EmbeddingCache.inMemory(), models.pool(), EmbeddingStyle.NORMALISED_BATCHED);
        List<ExampleSet> intents = new ArrayList<>();
        for (int i = 0; i < INTENTS; i++) {
            List<String> examples = generator.distinct(EXAMPLES_PER_INTENT);
            intents.add(new ExampleSet(examples, embedder.embed(examples)));
        }
        List<List<String>> dialogues = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            dialogues.add(generator.distinct(TURNS));
        }
        double coldMs = perDialogueMillis(embedder, intents, dialogues, threads);
        double warmMs = perDialogueMillis(embedder, intents, dialogues, threads);
        lines.add(line("dialogue.cold", coldMs, "ms per 20-turn dialogue, " + INTENTS + " intents x " + EXAMPLES_PER_INTENT
                + " examples, every turn new (" + String.format(Locale.ROOT, "%.0f", threads * 1000 / coldMs) + " dialogues/s on "
                + threads + " threads)"));
        lines.add(line("dialogue.cached", warmMs, "ms per 20-turn dialogue, every turn cached ("
                + String.format(Locale.ROOT, "%.0f", threads * 1000 / warmMs) + " dialogues/s on " + threads + " threads)"));
    }

    /** Mean wall-clock milliseconds per dialogue of one thread, with {@code threads} threads working through them. */
    private static double perDialogueMillis(SentenceEmbedder embedder, List<ExampleSet> intents, List<List<String>> dialogues,
                                            int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        try {
            long started = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(workers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < dialogues.size(); i = next.getAndIncrement()) {
                        for (float[] turn : embedder.embed(dialogues.get(i))) {
                            intents.forEach(intent -> intent.match(turn));
                        }
                    }
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
            return (System.nanoTime() - started) / 1e6 * threads / dialogues.size();
        } finally {
            workers.shutdown();
        }
    }

    /** Raw ORT: tokenise and run batches of 32 in input order, padded to each batch's longest, from several threads. */
    private static double raw(TransformerEncoder encoder, List<String> texts, int threads) throws Exception {
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < texts.size(); i += RAW_BATCH) {
            batches.add(texts.subList(i, Math.min(texts.size(), i + RAW_BATCH)));
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        try {
            long started = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(workers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
                        try {
                            encoder.embed(batches.get(i).stream().map(encoder::tokenize).toList());
                        } catch (OrtException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
            return texts.size() / ((System.nanoTime() - started) / 1e9);
        } finally {
            workers.shutdown();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String line(String metric, double value, String unit) {
        return String.format(Locale.ROOT, "bench.ml.%s = %.1f %s", metric, value, unit);
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** The process's resident set (ONNX Runtime holds the model outside the Java heap), 0 where /proc is missing. */
    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** Distinct customer-service-like Chinese sentences from a seeded combination of phrases. */
    private static final class SyntheticTexts {
        private static final String[] OPENERS = {"", "亲，", "您好，", "在吗，", "请问", "麻烦问一下，", "那个，", "喂，"};
        private static final String[] SUBJECTS = {"这个热水器", "我的订单", "那件衣服", "快递", "退款", "优惠券", "发票", "这款手机",
                "尺码", "颜色", "赠品", "安装师傅", "售后", "物流", "会员积分", "保修"};
        private static final String[] PREDICATES = {"什么时候能到", "怎么还没发货", "可以便宜一点吗", "能开发票吗", "有没有货",
                "是正品吗", "多久能退回来", "坏了怎么办", "支持七天无理由吗", "怎么使用", "需要自己装吗", "和描述不一样",
                "包邮吗", "能换一个吗", "已经等了三天了", "到底怎么回事"};
        private static final String[] CLOSERS = {"", "？", "，谢谢", "，急用", "！！", "，麻烦快点", "，我在线等", "。"};

        private final Random random;
        private final Set<String> used = new LinkedHashSet<>();

        SyntheticTexts(long seed) {
            this.random = new Random(seed);
        }

        List<String> distinct(int count) {
            List<String> texts = new ArrayList<>();
            while (texts.size() < count) {
                String text = pick(OPENERS) + pick(SUBJECTS) + pick(PREDICATES) + pick(CLOSERS);
                if (!used.add(text)) {
                    text = text + "，订单尾号" + (1000 + random.nextInt(9000));
                    if (!used.add(text)) {
                        continue;
                    }
                }
                texts.add(text);
            }
            return texts;
        }

        private String pick(String[] options) {
            return options[random.nextInt(options.length)];
        }
    }
}
