package io.parley.ml.tools.sentiment;

import io.parley.plugins.sentiment.Sentiment;

import java.util.List;

/**
 * What a keyword system does, as the bar the model must clear: a turn with a complaint word is
 * negative, else one with a thanks or approval word is positive, else neutral (for reviews,
 * which have no neutral class: negative words win, else positive). The lists are the kind a
 * rule writer starts from, fixed here so the comparison is repeatable.
 */
public final class KeywordBaseline {
    static final List<String> NEGATIVE = List.of("差", "慢", "投诉", "垃圾", "不满", "失望", "退款", "退货", "怎么还", "到底",
            "没用", "不行", "太久", "坑", "骗", "烂", "糟", "生气", "无语", "什么态度", "不好", "问题", "没有", "不能", "不会");
    static final List<String> POSITIVE = List.of("谢谢", "感谢", "多谢", "好的", "满意", "不错", "很好", "好评", "棒", "赞",
            "喜欢", "方便", "快", "解决了", "可以了", "明白了", "辛苦");

    private KeywordBaseline() {
    }

    public static Sentiment classify(String text) {
        if (NEGATIVE.stream().anyMatch(text::contains)) {
            return Sentiment.NEGATIVE;
        }
        if (POSITIVE.stream().anyMatch(text::contains)) {
            return Sentiment.POSITIVE;
        }
        return Sentiment.NEUTRAL;
    }

    /** Two classes only: negative unless a positive word and no negative word is found. */
    public static Sentiment classifyPolarity(String text) {
        long negative = NEGATIVE.stream().filter(text::contains).count();
        long positive = POSITIVE.stream().filter(text::contains).count();
        return positive > negative ? Sentiment.POSITIVE : Sentiment.NEGATIVE;
    }
}
