package io.parley.dsl.diagnostics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SuggestionsTest {

    @Test
    void countsInsertionsDeletionsSubstitutionsAndTranspositions() {
        assertThat(Suggestions.editDistance("greting", "greeting")).isEqualTo(1);
        assertThat(Suggestions.editDistance("agnet", "agent")).isEqualTo(1);
        assertThat(Suggestions.editDistance("majr", "major")).isEqualTo(1);
        assertThat(Suggestions.editDistance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void suggestsTheClosestPlausibleName() {
        List<String> declared = List.of("greeting", "forbidden", "farewell");

        assertThat(Suggestions.closest("greting", declared)).contains("greeting");
        assertThat(Suggestions.closest("forbiden", declared)).contains("forbidden");
        assertThat(Suggestions.closest("Greeting", declared)).contains("greeting");
        assertThat(Suggestions.closest("swearing", declared)).isEmpty();
        assertThat(Suggestions.closest("ab", List.of("xy"))).isEmpty();
        assertThat(Suggestions.didYouMean("agnet", List.of("customer", "agent"))).isEqualTo("did you mean 'agent'?");
        assertThat(Suggestions.didYouMean("zzz", List.of("customer", "agent"))).isNull();
    }
}
