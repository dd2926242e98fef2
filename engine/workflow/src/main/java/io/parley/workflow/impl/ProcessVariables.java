package io.parley.workflow.impl;

import io.parley.engine.api.RuleSetRef;
import org.camunda.bpm.engine.delegate.VariableScope;

import java.util.Arrays;
import java.util.List;

/**
 * The process variables Parley's steps read and write; a modeller's BPMN may use them in
 * conditions and expressions (docs/workflows.md lists them).
 */
final class ProcessVariables {
    static final String DIALOGUE_ID = "dialogueId";
    static final String RULESET_ID = "rulesetId";
    static final String RULESET_VERSION = "rulesetVersion";
    static final String TENANT = "tenant";
    static final String AGENT_ID = "agentId";
    static final String AUTO_SCORE = "autoScore";
    static final String SCORE = "score";
    static final String VETOED_BY = "vetoedBy";
    /** The rules that hit, comma-separated (rule ids are identifiers). */
    static final String HIT_RULES = "hitRules";
    static final String SAMPLED = "sampled";
    static final String SAMPLE_REASON = "sampleReason";
    static final String APPEAL_WINDOW = "appealWindow";
    static final String APPEALED = "appealed";
    static final String UPHELD = "upheld";
    /** The last decision taken: not-sampled, reviewed, accepted, appealed, upheld, overturned, expired. */
    static final String DECISION = "decision";
    static final String FINAL_SCORE = "finalScore";
    static final String REVIEWERS = "reviewers";

    private ProcessVariables() {
    }

    static String string(VariableScope scope, String name) {
        Object value = scope.getVariable(name);
        return value == null ? null : value.toString();
    }

    static Double number(VariableScope scope, String name) {
        Object value = scope.getVariable(name);
        return value instanceof Number number ? number.doubleValue() : null;
    }

    static RuleSetRef ruleset(VariableScope scope) {
        Object id = scope.getVariable(RULESET_ID);
        Object version = scope.getVariable(RULESET_VERSION);
        if (id == null || !(version instanceof Number number)) {
            throw new IllegalStateException("the process needs the variables " + RULESET_ID + " and " + RULESET_VERSION
                    + " (a number) to find the result it scores");
        }
        return new RuleSetRef(id.toString(), number.intValue());
    }

    static List<String> hitRules(VariableScope scope) {
        String rules = string(scope, HIT_RULES);
        return rules == null || rules.isEmpty() ? List.of() : Arrays.asList(rules.split(","));
    }
}
