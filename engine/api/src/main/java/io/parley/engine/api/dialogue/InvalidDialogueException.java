package io.parley.engine.api.dialogue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** A submitted dialogue was refused; {@link #errors()} lists every problem found, not just the first. */
public class InvalidDialogueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String dialogueId;
    @SuppressWarnings("serial") // exceptions never leave the process, so are never serialised
    private final List<FieldError> errors;

    /** @param dialogueId the submitted id when it could be read, else null */
    public InvalidDialogueException(String dialogueId, List<FieldError> errors) {
        super(describe(dialogueId, errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid dialogue has at least one error");
        }
        this.dialogueId = dialogueId;
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** The id the submitter gave, so a rejection can still be matched to its dialogue. */
    public Optional<String> dialogueId() {
        return Optional.ofNullable(dialogueId);
    }

    private static String describe(String dialogueId, List<FieldError> errors) {
        String subject = dialogueId == null ? "invalid dialogue" : "invalid dialogue '" + dialogueId + "'";
        return errors.stream().map(FieldError::toString).collect(Collectors.joining("\n  ", subject + ":\n  ", ""));
    }
}
