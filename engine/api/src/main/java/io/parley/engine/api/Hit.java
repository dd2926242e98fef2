package io.parley.engine.api;

import java.util.List;

/** One rule that fired on a dialogue, with all the evidence of all its activations merged. */
public record Hit(String rule, String title, String severity, List<String> tags, List<Evidence> evidence,
                  double confidence) {
    public Hit {
        tags = tags == null ? List.of() : List.copyOf(tags);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
