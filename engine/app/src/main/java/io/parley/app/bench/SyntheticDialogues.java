package io.parley.app.bench;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.Outcome;
import io.parley.engine.api.Participant;
import io.parley.engine.api.Turn;
import io.parley.engine.api.ruleset.LexiconDefinition;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Reproducible benchmark input: customer-service dialogues of a fixed length whose turns are
 * everyday phrases, with a term of one of the rule set's lexicons spliced in now and then so
 * rules fire at a realistic rate rather than never or always.
 */
final class SyntheticDialogues {
    private static final List<String> CUSTOMER = List.of(
            "这个热水器能装在卫生间吗", "什么时候能发货", "有没有优惠券可以用", "尺码偏大还是偏小",
            "快递到哪里了", "可以开发票吗", "颜色和图片一样吗", "安装要另外收费吗", "能便宜一点吗",
            "保修期是多久", "好的，我考虑一下", "昨天下的单还没发");
    private static final List<String> AGENT = List.of(
            "稍等，我帮您查一下", "可以的，支持免费安装", "今天下单明天发货", "建议您选大一码",
            "已经为您备注了", "电子发票会在签收后开具", "实物和图片一致", "保修三年，全国联保",
            "目前有满减活动", "快递已经到您所在城市了", "请问还有其他问题吗", "给您申请了优先发货");
    private static final double TERM_RATE = 0.15;

    private final Random random;
    private final List<String> terms;
    private final int turns;

    SyntheticDialogues(long seed, List<LexiconDefinition> lexicons, int turns) {
        this.random = new Random(seed);
        this.terms = lexicons.stream().flatMap(l -> l.terms().stream()).toList();
        this.turns = turns;
    }

    Dialogue next(String id) {
        OffsetDateTime start = OffsetDateTime.of(2026, 11, 11, 10, 0, 0, 0, ZoneOffset.ofHours(8));
        List<Turn> dialogueTurns = new ArrayList<>(turns);
        OffsetDateTime at = start;
        for (int i = 0; i < turns; i++) {
            boolean customer = i % 2 == 0;
            String text = pick(customer ? CUSTOMER : AGENT);
            if (!terms.isEmpty() && random.nextDouble() < TERM_RATE) {
                text = random.nextBoolean() ? pick(terms) + "，" + text : text + "，" + pick(terms);
            }
            at = at.plusSeconds(5 + random.nextInt(60));
            dialogueTurns.add(new Turn(customer ? "customer" : "agent", text, at, null, null));
        }
        return new Dialogue(id, "im", start, new Participant("a-" + random.nextInt(50), "pre-sale"),
                new Participant("c-" + random.nextInt(100_000), null), List.of(), dialogueTurns,
                new Outcome(random.nextBoolean(), 1 + random.nextInt(5)), Map.of("shop", "bench"));
    }

    private String pick(List<String> from) {
        return from.get(random.nextInt(from.size()));
    }
}
