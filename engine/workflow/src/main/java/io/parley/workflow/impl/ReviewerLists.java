package io.parley.workflow.impl;

import java.util.Arrays;
import java.util.List;

/**
 * {@code ${parleyLists.split(reviewers)}}: a comma-separated variable as a list, for a
 * multi-instance collection, so that lists need not be stored as serialized Java objects (which
 * the engine refuses by default).
 */
public final class ReviewerLists {
    public List<String> split(String commaSeparated) {
        return commaSeparated == null || commaSeparated.isBlank() ? List.of()
                : Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
