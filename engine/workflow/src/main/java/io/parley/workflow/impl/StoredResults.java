package io.parley.workflow.impl;

import io.parley.engine.api.EvaluationResult;
import io.parley.engine.spi.storage.Storage;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.VariableScope;

/** Finds the stored result a process instance is about, from its dialogueId, rulesetId and rulesetVersion. */
final class StoredResults {
    private final Storage storage;

    StoredResults(Storage storage) {
        this.storage = storage;
    }

    EvaluationResult of(VariableScope scope) {
        String dialogueId = ProcessVariables.string(scope, ProcessVariables.DIALOGUE_ID);
        if (dialogueId == null) {
            throw new ProcessEngineException("the process needs the variable " + ProcessVariables.DIALOGUE_ID);
        }
        var ruleset = ProcessVariables.ruleset(scope);
        return storage.results().find(dialogueId, ruleset).orElseThrow(() -> new ProcessEngineException(
                "no stored result for dialogue " + dialogueId + " under rule set " + ruleset));
    }

    Storage storage() {
        return storage;
    }
}
