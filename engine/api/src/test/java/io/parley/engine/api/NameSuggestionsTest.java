package io.parley.engine.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NameSuggestionsTest {

    @Test
    void suggestsTheClosestNameForATypo() {
        List<String> declared = List.of("greeting", "forbidden", "refund");

        assertThat(NameSuggestions.closest("greting", declared)).contains("greeting");
        assertThat(NameSuggestions.closest("forbiden", declared)).contains("forbidden");
        assertThat(NameSuggestions.closest("Greeting", declared)).contains("greeting");
        assertThat(NameSuggestions.closest("agnet", List.of("customer", "agent"))).as("transposition").contains("agent");
        assertThat(NameSuggestions.closest("started_at", List.of("startedAt", "turns"))).contains("startedAt");
    }

    @Test
    void suggestsNothingWhenNoNameIsPlausiblyMeant() {
        assertThat(NameSuggestions.closest("swearing", List.of("greeting", "forbidden"))).isEmpty();
        assertThat(NameSuggestions.closest("ab", List.of("xy"))).isEmpty();
        assertThat(NameSuggestions.didYouMean("zzz", List.of("customer", "agent"))).isNull();
    }

    @Test
    void theFirstCandidateWinsATie() {
        assertThat(NameSuggestions.didYouMean("tag", List.of("tags", "tab"))).isEqualTo("did you mean 'tags'?");
    }

    @Test
    void editDistanceCountsASwapOfNeighboursAsOneEdit() {
        assertThat(NameSuggestions.editDistance("agnet", "agent")).isEqualTo(1);
        assertThat(NameSuggestions.editDistance("kitten", "sitting")).isEqualTo(3);
        assertThat(NameSuggestions.editDistance("", "abc")).isEqualTo(3);
        assertThat(NameSuggestions.editDistance("same", "same")).isZero();
    }
}
