package io.parley.plugins.sentiment;

import io.parley.ml.EmbeddingCache;
import io.parley.ml.EmbeddingModelCard;
import io.parley.ml.EmbeddingModels;
import io.parley.ml.TransformerEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The heads' encoder on the shared pipeline embeds each text as written, alone, once. */
class BgeSmallZhEncoderTest {
    private static EmbeddingModels models;

    @BeforeAll
    static void load() {
        models = new EmbeddingModels(EmbeddingCache.inMemory(), 2);
    }

    @AfterAll
    static void close() {
        models.close();
    }

    private static float[] alone(String text) throws Exception {
        TransformerEncoder model = models.encoder(EmbeddingModelCard.BGE_SMALL_ZH);
        return model.embed(List.of(model.tokenize(text)))[0];
    }

    @Test
    void eachTextGetsItsVectorAsWrittenAndAloneWhateverSharesTheCall() throws Exception {
        BgeSmallZhEncoder encoder = new BgeSmallZhEncoder(models);

        // Two texts of one token length in one call: each still gets the vector it gets alone; the full-width comma stays.
        float[][] dialogue = encoder.encode(List.of("请问什么时候发货", "这个东西太贵了吧", "好的，谢谢"));

        assertThat(dialogue[0]).containsExactly(alone("请问什么时候发货"));
        assertThat(dialogue[1]).containsExactly(alone("这个东西太贵了吧"));
        assertThat(dialogue[2]).containsExactly(alone("好的，谢谢"));
        assertThat(encoder.modelId()).isEqualTo("bge-small-zh-v1.5-q");
        assertThat(encoder.dimension()).isEqualTo(512);
    }

    @Test
    void aRepeatedTextIsEmbeddedOnceLongTextIsCutAndABlankTurnIsAFullStop() throws Exception {
        BgeSmallZhEncoder encoder = new BgeSmallZhEncoder(models);
        long hits = models.cache().hits();

        float[] once = encoder.encode("亲，在的");
        assertThat(encoder.encode(" 亲，在的 ")).containsExactly(once);
        assertThat(models.cache().hits()).isEqualTo(hits + 1);

        String review = "物流很快".repeat(40);
        assertThat(encoder.encode(review)).containsExactly(alone(review.substring(0, BgeSmallZhEncoder.MAX_CHARS)));
        assertThat(encoder.encode("  ")).containsExactly(alone("。"));
    }
}
