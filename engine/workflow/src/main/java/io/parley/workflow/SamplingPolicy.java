package io.parley.workflow;

import io.parley.engine.api.Hit;
import io.parley.engine.api.Score;

import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Which scored dialogues go to a human reviewer, checked in this order (the first reason wins):
 * every vetoed dialogue; every dialogue scoring below a threshold; every dialogue with a
 * low-confidence hit (a hit whose {@link Hit#confidence()} lies within a margin of the model's
 * decision threshold: where the machine is unsure, spend the review budget first); and a random
 * share of the rest. Thread-safe; the random draw is seedable so tests can predict it.
 */
public final class SamplingPolicy {
    private final boolean everyVeto;
    private final Double scoreBelow;
    private final Double confidenceThreshold;
    private final double confidenceMargin;
    private final double randomPercent;
    private final Random random;

    /**
     * @param scoreBelow          sample every dialogue scoring strictly below this; null = off
     * @param confidenceThreshold the ML decision threshold hits are compared with; null = off
     * @param confidenceMargin    a hit is low-confidence when |confidence − threshold| ≤ margin
     * @param randomPercent       0–100: the share of the remaining dialogues sampled at random
     * @param seed                seeds the random draw; null = unseeded
     */
    public SamplingPolicy(boolean everyVeto, Double scoreBelow, Double confidenceThreshold, double confidenceMargin,
                          double randomPercent, Long seed) {
        if (randomPercent < 0 || randomPercent > 100) {
            throw new IllegalArgumentException("randomPercent must be within 0–100, was " + randomPercent);
        }
        if (confidenceMargin < 0) {
            throw new IllegalArgumentException("confidenceMargin must not be negative, was " + confidenceMargin);
        }
        this.everyVeto = everyVeto;
        this.scoreBelow = scoreBelow;
        this.confidenceThreshold = confidenceThreshold;
        this.confidenceMargin = confidenceMargin;
        this.randomPercent = randomPercent;
        this.random = seed == null ? new Random() : new Random(seed);
    }

    /** Samples nothing (e.g. to measure the straight-through path). */
    public static SamplingPolicy none() {
        return new SamplingPolicy(false, null, null, 0, 0, null);
    }

    /** Why the dialogue is sampled ({@code veto}, {@code score below 60}, {@code low confidence: rule 0.47}, {@code random 5%}), or empty. */
    public Optional<String> decide(Score score, List<Hit> hits) {
        if (everyVeto && score != null && score.vetoedBy() != null) {
            return Optional.of("veto: " + score.vetoedBy());
        }
        if (scoreBelow != null && score != null && score.value() < scoreBelow) {
            return Optional.of("score below " + format(scoreBelow));
        }
        if (confidenceThreshold != null) {
            for (Hit hit : hits) {
                if (Math.abs(hit.confidence() - confidenceThreshold) <= confidenceMargin) {
                    return Optional.of("low confidence: " + hit.rule() + " " + format(hit.confidence()));
                }
            }
        }
        if (randomPercent > 0 && drawPercent() < randomPercent) {
            return Optional.of("random " + format(randomPercent) + "%");
        }
        return Optional.empty();
    }

    private double drawPercent() {
        synchronized (random) {
            return random.nextDouble() * 100;
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
