package io.parley.storage.mongo;

import io.parley.engine.api.CheckpointResult;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Evidence;
import io.parley.engine.api.Hit;
import io.parley.engine.api.Participant;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.Score;
import io.parley.engine.api.TenantId;
import io.parley.engine.api.Turn;
import io.parley.engine.spi.storage.ResultPage;
import io.parley.engine.spi.storage.ResultQuery;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.storage.TenantStorage;
import io.parley.engine.spi.storage.VerdictStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * How fast search is on the embedded server: stores N synthetic dialogues of 20 turns and their
 * results (30 agents in 3 groups, 10 rules, checkpoints, reviews of 2 %), then times each query
 * shape (median and 90th percentile of 15 runs after 5 warm-up runs). Also times the results'
 * saveAll against the shadow results' (the same code without the dialogue lookup that gives each
 * result its search fields). Not a test: run it by hand, e.g.
 * {@code java -cp <test classpath> io.parley.storage.mongo.SearchSpeed 20000}. docs/search.md has
 * the figures.
 */
public final class SearchSpeed {
    private static final RuleSetRef RULESET = new RuleSetRef("ecommerce-presale", 1);
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final String[] PHRASES = {"在吗", "这个热水器能装在卫生间吗", "亲，您好，可以的哦", "发货时间是什么时候",
            "我要退款", "请问有优惠券吗", "好的谢谢", "稍等我帮您查一下", "质量怎么样", "已经帮您备注了"};

    private SearchSpeed() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path dir = Files.createTempDirectory("parley-search-speed");
        try (Storage storage = StorageFactory.open(dir, null)) {
            TenantStorage tenant = storage.tenant(TenantId.DEFAULT);
            Random random = new Random(42);
            long resultNanos = 0;
            long shadowNanos = 0;
            for (int start = 0; start < count; start += 256) {
                List<Dialogue> dialogues = new ArrayList<>();
                List<EvaluationResult> results = new ArrayList<>();
                for (int i = start; i < Math.min(count, start + 256); i++) {
                    dialogues.add(dialogue(i, random));
                    results.add(result(i, random));
                }
                tenant.dialogues().saveAll(dialogues);
                long t = System.nanoTime();
                tenant.results().saveAll(results);
                resultNanos += System.nanoTime() - t;
                t = System.nanoTime();
                tenant.shadowResults().saveAll(results);
                shadowNanos += System.nanoTime() - t;
            }
            for (int i = 0; i < count; i += 50) {
                tenant.verdicts().save(new VerdictStore.Verdict("review-" + i, VerdictStore.Kind.REVIEW, "d-" + i, RULESET,
                        "a-" + i % 30, "rita", List.of(), null, null, null, T0.plusSeconds(i * 60L)));
            }
            System.out.printf("# %d dialogues x 20 turns and their results on %s, JDK %s, %d cores%n", count, storage.describe(),
                    Runtime.version(), Runtime.getRuntime().availableProcessors());
            System.out.printf("search.store.results_saveAll = %.3f ms per result (shadow results, without the dialogue lookup: %.3f ms)%n",
                    resultNanos / 1e6 / count, shadowNanos / 1e6 / count);

            Instant dayStart = T0.plusSeconds(60L * count / 2);
            time("list.first_page", () -> tenant.search().search(ResultQuery.all()));
            time("list.agent", () -> tenant.search().search(ResultQuery.builder().agentId("a-7").build()));
            time("list.rule_in_a_day", () -> tenant.search().search(ResultQuery.builder().ruleHit("rule-3")
                    .evaluated(dayStart, dayStart.plusSeconds(86_400)).build()));
            time("list.score_range_by_score", () -> tenant.search().search(ResultQuery.builder().score(40.0, 60.0)
                    .sort(ResultQuery.Sort.SCORE_DESC).build()));
            time("list.group_channel_grade_checkpoint", () -> tenant.search().search(ResultQuery.builder().group("g-1").channel("im")
                    .grade("C").checkpoint("greeting", CheckpointResult.Status.FAILED).build()));
            String cursor = tenant.search().search(ResultQuery.builder().limit(500).build()).nextCursor();
            time("list.page_after_500", () -> tenant.search().search(ResultQuery.builder().cursor(cursor).build()));
            time("list.text_rare", () -> tenant.search().search(ResultQuery.builder().text("d-123 专用暗号").build()));
            time("list.text_common", () -> tenant.search().search(ResultQuery.builder().text("退款").build()));
            time("list.text_and_agent", () -> tenant.search().search(ResultQuery.builder().text("退款").agentId("a-7").build()));
            time("list.review_state", () -> tenant.search().search(ResultQuery.builder()
                    .reviewState(ResultQuery.ReviewState.REVIEWED).build()));
            time("aggregates.per_rule", () -> tenant.search().perRule(ResultQuery.all()));
            time("aggregates.per_agent", () -> tenant.search().perAgent(ResultQuery.all()));
            time("aggregates.per_rule_in_a_day", () -> tenant.search().perRule(ResultQuery.builder()
                    .evaluated(dayStart, dayStart.plusSeconds(86_400)).build()));
            time("reference.latest_result", () -> tenant.results().latest("d-" + count / 2));
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void time(String name, Supplier<Object> query) {
        Object answer = null;
        for (int i = 0; i < 5; i++) {
            answer = query.get();
        }
        double[] ms = new double[15];
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            query.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        String what = answer instanceof ResultPage page ? page.items().size() + " items of " + page.total()
                + (page.truncated() ? " (truncated)" : "") : "";
        System.out.printf("search.%s = %.1f ms median, %.1f ms p90  # %s%n", name, ms[ms.length / 2], ms[ms.length * 9 / 10], what);
    }

    private static Dialogue dialogue(int i, Random random) {
        OffsetDateTime started = OffsetDateTime.ofInstant(T0.plusSeconds(i * 60L - 600), ZoneOffset.ofHours(8));
        List<Turn> turns = new ArrayList<>();
        for (int t = 0; t < 20; t++) {
            String text = PHRASES[random.nextInt(PHRASES.length)] + (i == 123 && t == 7 ? " d-123 专用暗号" : "");
            turns.add(new Turn(t % 2 == 0 ? "customer" : "agent", text, started.plusSeconds(t * 20L), null, null));
        }
        int agent = i % 30;
        return new Dialogue("d-" + i, i % 3 == 0 ? "phone" : "im", started, new Participant("a-" + agent, "g-" + agent % 3),
                new Participant("c-" + i, null), null, turns, null, null);
    }

    private static EvaluationResult result(int i, Random random) {
        List<Hit> hits = new ArrayList<>();
        for (int r = 0; r < 10; r++) {
            if (random.nextInt(10) < 2) {
                hits.add(new Hit("rule-" + r, "规则 " + r, r < 3 ? "major" : "minor", List.of("服务态度"),
                        List.of(new Evidence(random.nextInt(20), "agent", List.of(0, 2), "不知道")), 1.0));
            }
        }
        double score = Math.max(0, 100 - 12 * hits.size() - random.nextInt(10));
        return new EvaluationResult("d-" + i, RULESET, hits, new Score("presale", score, score >= 80 ? "A" : score >= 60 ? "B" : "C",
                List.of(), null), 20, T0.plusSeconds(i * 60L), List.of(
                new CheckpointResult("greeting", "问候", random.nextInt(5) == 0 ? CheckpointResult.Status.FAILED
                        : CheckpointResult.Status.PASSED, List.of()),
                new CheckpointResult("closing", "结束语", CheckpointResult.Status.PASSED, List.of())));
    }
}
