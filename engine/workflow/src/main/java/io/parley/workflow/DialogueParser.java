package io.parley.workflow;

import io.parley.engine.api.Dialogue;

import java.util.List;

/**
 * Reads a dialogue submitted as JSON. The engine's own reader stands behind it (the workflow module
 * sees only the engine's api and spi), so the workflow API refuses a dialogue exactly as the ingest
 * API does, each problem named by its JSON pointer.
 */
@FunctionalInterface
public interface DialogueParser {

    /** @throws InvalidDialogue listing every problem found */
    Dialogue parse(String json);

    /** One problem: where ({@code /turns/3/role}; empty for the document as a whole) and what. */
    record Problem(String pointer, String message) {
    }

    /** The submitted JSON is not a valid dialogue. */
    final class InvalidDialogue extends RuntimeException {
        private final List<Problem> problems;

        public InvalidDialogue(List<Problem> problems) {
            super("invalid dialogue: " + problems);
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }
}
