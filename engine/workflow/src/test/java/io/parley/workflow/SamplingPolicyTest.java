package io.parley.workflow;

import io.parley.engine.api.Hit;
import io.parley.engine.api.Score;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static io.parley.workflow.ScoredDialogues.hit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SamplingPolicyTest {
    private static final SamplingPolicy NO_RANDOM = new SamplingPolicy(true, 60.0, 0.5, 0.1, 0, 1L);

    @Test
    void everyVetoIsSampledFirst() {
        assertThat(NO_RANDOM.decide(score(0, "abusive_language"), List.of(hit("abusive_language", 1.0))))
                .contains("veto: abusive_language");
    }

    @Test
    void everyScoreBelowTheThresholdIsSampled() {
        assertThat(NO_RANDOM.decide(score(59.5, null), List.of())).contains("score below 60");
        assertThat(NO_RANDOM.decide(score(60, null), List.of())).isEmpty();
    }

    @Test
    void hitsWhoseConfidenceIsNearTheThresholdAreSampledAndExactMatchesAreNot() {
        assertThat(NO_RANDOM.decide(score(90, null), List.of(hit("no_greeting", 1.0), hit("rude_tone", 0.47))))
                .contains("low confidence: rude_tone 0.47");
        assertThat(NO_RANDOM.decide(score(90, null), List.of(hit("rude_tone", 0.6)))).contains("low confidence: rude_tone 0.6");
        assertThat(NO_RANDOM.decide(score(90, null), List.of(hit("rude_tone", 0.61), hit("no_greeting", 1.0)))).isEmpty();
        assertThat(NO_RANDOM.decide(score(90, null), List.of(hit("rude_tone", 0.39)))).isEmpty();
    }

    @Test
    void aRandomShareIsSampledAndTheSameSeedDrawsTheSame() {
        List<Optional<String>> first = draws(new SamplingPolicy(false, null, null, 0, 10, 42L));
        List<Optional<String>> again = draws(new SamplingPolicy(false, null, null, 0, 10, 42L));
        List<Optional<String>> otherSeed = draws(new SamplingPolicy(false, null, null, 0, 10, 7L));

        long sampled = first.stream().filter(Optional::isPresent).count();
        assertThat(sampled).isBetween(150L, 250L);
        assertThat(first.stream().flatMap(Optional::stream).distinct()).containsExactly("random 10%");
        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
        assertThat(draws(SamplingPolicy.none())).allMatch(Optional::isEmpty);
    }

    @Test
    void aPercentageOutsideZeroToHundredIsRefused() {
        assertThatThrownBy(() -> new SamplingPolicy(false, null, null, 0, 101, null))
                .hasMessage("randomPercent must be within 0–100, was 101.0");
    }

    private static List<Optional<String>> draws(SamplingPolicy policy) {
        return IntStream.range(0, 2000).mapToObj(i -> policy.decide(score(90, null), List.<Hit>of())).toList();
    }

    private static Score score(double value, String vetoedBy) {
        return new Score("presale", value, "A", List.of(), vetoedBy);
    }
}
