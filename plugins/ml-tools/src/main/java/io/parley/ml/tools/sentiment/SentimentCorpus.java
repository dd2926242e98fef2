package io.parley.ml.tools.sentiment;

import io.parley.ml.tools.Sha256;
import io.parley.plugins.sentiment.Sentiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The labelled examples the head is trained and measured on, read from the shared data folder
 * (never copied into the repository), split by dialogue with a {@link HeldOutSplit}:
 * JDDC per-turn satisfaction, STC-3 dialogue satisfaction (on the last customer turn), short
 * reviews from the three review corpora (a deterministic sample, balanced per class and file),
 * and ToSarcasm's sarcastic comments as negatives.
 */
public record SentimentCorpus(List<LabelledTurn> train, List<LabelledTurn> heldOut, Map<String, String> files) {

    static final String JDDC = "uss_jddc_satisfaction/usda_split_jddc/valid_jddc.txt";
    static final String STC3 = "stc3_customer_helpdesk/train_data_cn.json";
    static final List<String> REVIEWS = List.of("chinese_review_sentiment/online_shopping_10_cats.csv",
            "chinese_review_sentiment/waimai_10k.csv", "chinese_review_sentiment/ChnSentiCorp_htl_all.csv");
    static final List<String> SARCASM = List.of("tosarcasm_zh/train.json", "tosarcasm_zh/dev.json");
    /** Reviews longer than this are left out of training: customer turns are short. */
    static final int REVIEW_MAX_CHARS = 100;

    public record Options(int reviewsPerClassAndFile, int heldOutReviewsPerClassAndFile, boolean sarcasm) {
    }

    public static SentimentCorpus load(Path dataDir, HeldOutSplit split, Options options) throws IOException {
        List<LabelledTurn> train = new ArrayList<>();
        List<LabelledTurn> heldOut = new ArrayList<>();
        Map<String, String> files = new LinkedHashMap<>();

        Path jddc = dataDir.resolve(JDDC);
        files.put(JDDC, Sha256.ofFile(jddc));
        for (JddcSatisfactionFile.JddcDialogue dialogue : JddcSatisfactionFile.read(jddc)) {
            (split.isHeldOut(dialogue.key()) ? heldOut : train).addAll(dialogue.turns());
        }
        Path stc3 = dataDir.resolve(STC3);
        files.put(STC3, Sha256.ofFile(stc3));
        for (LabelledTurn example : Stc3Dialogues.read(stc3)) {
            (split.isHeldOut(example.dialogueKey()) ? heldOut : train).add(example);
        }
        for (String name : REVIEWS) {
            Path file = dataDir.resolve(name);
            files.put(name, Sha256.ofFile(file));
            List<LabelledTurn> reviews = ReviewCsv.read(file).stream()
                    .filter(review -> review.turn().text().length() <= REVIEW_MAX_CHARS).toList();
            for (Sentiment label : List.of(Sentiment.NEGATIVE, Sentiment.POSITIVE)) {
                List<LabelledTurn> ofLabel = reviews.stream().filter(review -> review.label() == label)
                        .sorted(Comparator.comparing(review -> Sha256.ofText(review.dialogueKey()))).toList();
                train.addAll(ofLabel.stream().filter(r -> !split.isHeldOut(r.dialogueKey()))
                        .limit(options.reviewsPerClassAndFile()).toList());
                heldOut.addAll(ofLabel.stream().filter(r -> split.isHeldOut(r.dialogueKey()))
                        .limit(options.heldOutReviewsPerClassAndFile()).toList());
            }
        }
        if (options.sarcasm()) {
            for (String name : SARCASM) {
                Path file = dataDir.resolve(name);
                files.put(name, Sha256.ofFile(file));
                for (LabelledTurn comment : ToSarcasmComments.readSarcastic(file)) {
                    (split.isHeldOut(comment.dialogueKey()) ? heldOut : train).add(comment);
                }
            }
        }
        return new SentimentCorpus(List.copyOf(train), List.copyOf(heldOut), files);
    }

    /**
     * This corpus plus the weakly supervised examples, built only from utterances of its
     * <em>training-side</em> examples and split by their own keys like every dialogue:
     * {@link TimedThanksDialogues} ({@code perScenario} per labelling function) and
     * {@link PoliteComplaints} ({@code perLabel} negative and as many positive rewrites).
     */
    public SentimentCorpus withWeakSupervision(HeldOutSplit split, int perScenario, int perLabel) {
        TimedThanksDialogues.Pools pools = TimedThanksDialogues.Pools.of(
                train.stream().filter(e -> e.source().equals("jddc") || e.source().equals("stc3")).toList());
        List<LabelledTurn> generated = new ArrayList<>(TimedThanksDialogues.generate(pools, perScenario, split.seed()));
        generated.addAll(PoliteComplaints.generate(train, pools.thanks(), perLabel, split.seed()));
        List<LabelledTurn> withTrain = new ArrayList<>(train);
        List<LabelledTurn> withHeldOut = new ArrayList<>(heldOut);
        generated.forEach(example -> (split.isHeldOut(example.dialogueKey()) ? withHeldOut : withTrain).add(example));
        return new SentimentCorpus(withTrain, withHeldOut, files);
    }
}
