package io.parley.ml.tools.intent;

import io.parley.ml.TextNormalizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keyword baseline: TF-IDF vectors over words (Latin letters and digits, lower-cased) and
 * single Chinese characters plus character bigrams, and the category of the nearest example by
 * cosine. What a keyword list does at best, to measure the embeddings against.
 */
public final class KeywordNearestExample {
    private static final Pattern WORD = Pattern.compile("[\\p{IsLatin}\\p{Nd}]+|\\p{IsHan}+");

    private final List<LabelledText> examples;
    private final Map<String, Double> idf = new HashMap<>();
    private final List<Map<String, Double>> vectors = new ArrayList<>();

    public KeywordNearestExample(List<LabelledText> examples) {
        this.examples = List.copyOf(examples);
        Map<String, Integer> documentFrequency = new HashMap<>();
        List<Map<String, Integer>> counts = examples.stream().map(example -> terms(example.text())).toList();
        counts.forEach(terms -> terms.keySet().forEach(term -> documentFrequency.merge(term, 1, Integer::sum)));
        documentFrequency.forEach((term, df) -> idf.put(term, Math.log((1.0 + examples.size()) / (1.0 + df)) + 1));
        counts.forEach(terms -> vectors.add(weigh(terms)));
    }

    static Map<String, Integer> terms(String text) {
        Map<String, Integer> terms = new HashMap<>();
        Matcher matcher = WORD.matcher(TextNormalizer.normalize(text).toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            String word = matcher.group();
            if (Character.UnicodeScript.of(word.codePointAt(0)) == Character.UnicodeScript.HAN) {
                int[] chars = word.codePoints().toArray();
                for (int i = 0; i < chars.length; i++) {
                    terms.merge(Character.toString(chars[i]), 1, Integer::sum);
                    if (i + 1 < chars.length) {
                        terms.merge(Character.toString(chars[i]) + Character.toString(chars[i + 1]), 1, Integer::sum);
                    }
                }
            } else {
                terms.merge(word, 1, Integer::sum);
            }
        }
        return terms;
    }

    private Map<String, Double> weigh(Map<String, Integer> terms) {
        Map<String, Double> vector = new HashMap<>();
        double norm = 0;
        for (Map.Entry<String, Integer> term : terms.entrySet()) {
            Double weight = idf.get(term.getKey());
            if (weight != null) {
                double value = term.getValue() * weight;
                vector.put(term.getKey(), value);
                norm += value * value;
            }
        }
        double length = Math.sqrt(norm);
        vector.replaceAll((term, value) -> value / length);
        return vector;
    }

    /** The category of the nearest example; the first example's when no word is shared with any. */
    public String classify(String text) {
        Map<String, Double> query = weigh(terms(text));
        int best = 0;
        double bestSimilarity = -1;
        for (int i = 0; i < vectors.size(); i++) {
            double similarity = 0;
            for (Map.Entry<String, Double> term : query.entrySet()) {
                similarity += term.getValue() * vectors.get(i).getOrDefault(term.getKey(), 0.0);
            }
            if (similarity > bestSimilarity) {
                bestSimilarity = similarity;
                best = i;
            }
        }
        return examples.get(best).category();
    }
}
