package io.parley.engine.api.ruleset;

import java.util.List;

/**
 * A stage of an SOP ({@code stage needs "需求挖掘": agent says any needs}). Its DRL rule, named
 * {@code id}, fires with the stage's evidence; the stage is recognised on the evidence's turns of
 * {@code role}, so the anchor of a window ({@code agent says … after customer says …}) does not
 * place it. Reported like a checkpoint: a failed stage is a hit with this title, severity and tags.
 *
 * @param role the role whose turns recognise the stage, or null for every turn (a condition about
 *             several roles)
 */
public record StageDefinition(String id, String title, String severity, List<String> tags, String role) {
    public StageDefinition {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
