package io.parley.workflow.impl;

import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.TenantId;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.storage.TenantStorage;
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
        return storageOf(scope).results().find(dialogueId, ruleset).orElseThrow(() -> new ProcessEngineException(
                "no stored result for dialogue " + dialogueId + " under rule set " + ruleset));
    }

    /** The storage of the tenant the process instance runs for (its variable {@code tenant}). */
    TenantStorage storageOf(VariableScope scope) {
        return storage.tenant(tenant(ProcessVariables.string(scope, ProcessVariables.TENANT)));
    }

    TenantStorage storageOf(String tenant) {
        return storage.tenant(tenant(tenant));
    }

    /** Instances started before tenants existed have no tenant: theirs is the default one. */
    static TenantId tenant(String name) {
        return name == null ? TenantId.DEFAULT : TenantId.of(name);
    }
}
