package io.parley.engine.api.ruleset;

import java.util.List;

/** What a hit of rule {@code id} reports besides its evidence. Severity: info, minor, major or critical. */
public record RuleDefinition(String id, String title, String severity, List<String> tags) {
    public RuleDefinition {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
