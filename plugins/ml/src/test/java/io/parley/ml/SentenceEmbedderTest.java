package io.parley.ml;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SentenceEmbedderTest {
    private static EmbeddingModels models;

    @BeforeAll
    static void load() {
        models = new EmbeddingModels(EmbeddingCache.inMemory(), 2);
    }

    @AfterAll
    static void close() {
        models.close();
    }

    @Test
    void chineseParaphrasesAreCloseAndUnrelatedTextsAreNot() {
        SentenceEmbedder embedder = models.embedder(EmbeddingModelCard.BGE_SMALL_ZH);
        float[][] v = embedder.embed(List.of("我要退款", "请帮我把钱退回来", "今天天气怎么样"));
        assertThat(v[0]).hasSize(512);
        assertThat(Vectors.dot(v[0], v[0])).isCloseTo(1.0, within(1e-5));
        double paraphrase = Vectors.dot(v[0], v[1]);
        double unrelated = Vectors.dot(v[0], v[2]);
        System.out.printf("bge paraphrase %.4f unrelated %.4f%n", paraphrase, unrelated);
        assertThat(paraphrase).isGreaterThan(unrelated + 0.2);
    }

    @Test
    void englishUsesMeanPoolingOfMiniLm() {
        SentenceEmbedder embedder = models.embedder(EmbeddingModelCard.ALL_MINILM_L6_V2);
        float[][] v = embedder.embed(List.of("I want a refund", "Please give me my money back", "What is the weather like"));
        assertThat(v[0]).hasSize(384);
        double paraphrase = Vectors.dot(v[0], v[1]);
        double unrelated = Vectors.dot(v[0], v[2]);
        System.out.printf("minilm paraphrase %.4f unrelated %.4f%n", paraphrase, unrelated);
        assertThat(paraphrase).isGreaterThan(unrelated + 0.2);
    }

    @Test
    void aTextGetsTheSameVectorAloneAndInABatchWhilePaddingWouldChangeIt() throws Exception {
        TransformerEncoder encoder = models.encoder(EmbeddingModelCard.BGE_SMALL_ZH);
        String text = "亲，您好，请问有什么可以帮您";
        List<String> batch = List.of("好的", text, "这个热水器能装在卫生间吗，安装要收费吗", "您好在吗");
        SentenceEmbedder pipeline = new SentenceEmbedder(encoder, EmbeddingCache.inMemory(), Runnable::run, EmbeddingStyle.NORMALISED_BATCHED);
        float[] alone = pipeline.embed(text);
        float[] inBatch = new SentenceEmbedder(encoder, EmbeddingCache.inMemory(), Runnable::run, EmbeddingStyle.NORMALISED_BATCHED).embed(batch)[1];
        assertThat(inBatch).containsExactly(alone);

        float[][] padded = encoder.embed(batch.stream().map(encoder::tokenize).toList());
        double cosine = Vectors.dot(padded[0], encoder.embed(List.of(encoder.tokenize("好的")))[0]);
        System.out.printf("bge cosine short text padded vs alone %.5f%n", cosine);
        assertThat(cosine).isLessThan(0.9999);
    }

    @Test
    void normalisedRepeatsAreEmbeddedOnce() {
        EmbeddingCache cache = EmbeddingCache.inMemory();
        SentenceEmbedder embedder = new SentenceEmbedder(models.encoder(EmbeddingModelCard.BGE_SMALL_ZH), cache, Runnable::run,
                EmbeddingStyle.NORMALISED_BATCHED);
        float[][] v = embedder.embed(List.of("您好，请问有什么可以帮您？", "  您好，请问有什么可以帮您?  ", "您好,请问 有什么可以帮您？"));
        assertThat(cache.size(EmbeddingModelCard.BGE_SMALL_ZH.ref())).isEqualTo(2);
        assertThat(v[1]).containsExactly(v[0]);
        embedder.embed(List.of("您好，请问有什么可以帮您？"));
        assertThat(cache.hits()).isEqualTo(1);
    }

    /**
     * The sentiment heads' style embeds a text as written and alone: two texts of one token length
     * embedded together keep the vectors they get alone (batched, the quantised model moves them),
     * and a full-width comma stays one. Each style keeps its own cache entries.
     */
    @Test
    void asWrittenAloneVectorsDependOnNothingElseInTheCallAndAreCachedApart() throws Exception {
        TransformerEncoder encoder = models.encoder(EmbeddingModelCard.BGE_SMALL_ZH);
        String text = "请问什么时候发货";
        String sameLength = "这个东西太贵了吧";
        assertThat(encoder.tokenize(sameLength).length()).isEqualTo(encoder.tokenize(text).length());
        float[] alone = encoder.embed(List.of(encoder.tokenize(text)))[0];
        EmbeddingCache cache = EmbeddingCache.inMemory();
        SentenceEmbedder asWritten = new SentenceEmbedder(encoder, cache, Runnable::run, EmbeddingStyle.AS_WRITTEN_ALONE);
        SentenceEmbedder normalised = new SentenceEmbedder(encoder, cache, Runnable::run, EmbeddingStyle.NORMALISED_BATCHED);

        assertThat(asWritten.embed(List.of(sameLength, text))[1]).containsExactly(alone);
        double batched = Vectors.dot(normalised.embed(List.of(sameLength, text))[1], alone);
        System.out.printf("bge cosine batched with a text of equal length vs alone %.5f%n", batched);
        assertThat(batched).isLessThan(0.9999);

        String comma = "好的，谢谢";
        assertThat(asWritten.embed(comma)).containsExactly(encoder.embed(List.of(encoder.tokenize(comma)))[0]);
        assertThat(Vectors.dot(asWritten.embed(comma), normalised.embed(comma))).isLessThan(0.9999);
        assertThat(cache.size(EmbeddingModelCard.BGE_SMALL_ZH.ref())).isEqualTo(3);
        assertThat(cache.size(EmbeddingModelCard.BGE_SMALL_ZH.ref() + "#as-written-alone")).isEqualTo(3);
    }

    @Test
    void theCachePersistsAcrossProcessesByModelVersion(@TempDir Path directory) {
        String ref = EmbeddingModelCard.BGE_SMALL_ZH.ref();
        try (EmbeddingCache cache = EmbeddingCache.open(directory)) {
            assertThat(cache.file()).isEqualTo(directory.resolve("embeddings.mv.db"));
            cache.put(ref, "您好", new float[]{0.6f, 0.8f});
        }
        try (EmbeddingCache reopened = EmbeddingCache.open(directory)) {
            assertThat(reopened.get(ref, "您好")).containsExactly(0.6f, 0.8f);
            assertThat(reopened.get("bge-small-zh-v1.5-q@2", "您好")).isNull();
        }
    }
}
