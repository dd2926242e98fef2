package io.parley.engine.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What a hit points at: a turn (0-based index into {@code Dialogue.turns}), its role, and when the
 * hit came from matched text, the character span {@code [start, end)} and that text. When a model
 * produced the signal, {@code model} names its version ({@code id@version}, see the model registry).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Evidence(int turn, String role, List<Integer> span, String text, String model) {

    /** Evidence no model produced. */
    public Evidence(int turn, String role, List<Integer> span, String text) {
        this(turn, role, span, text, null);
    }
}
