package io.parley.workflow.impl;

import io.parley.engine.api.EvaluationResult;
import io.parley.workflow.SamplingPolicy;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import java.util.Optional;

/** {@code ${parleySample}}: applies the sampling policy; sets {@code sampled} and {@code sampleReason}. */
final class SampleStep implements JavaDelegate {
    private final StoredResults results;
    private final SamplingPolicy policy;

    SampleStep(StoredResults results, SamplingPolicy policy) {
        this.results = results;
        this.policy = policy;
    }

    @Override
    public void execute(DelegateExecution execution) {
        EvaluationResult result = results.of(execution);
        Optional<String> reason = policy.decide(result.score(), result.hits());
        execution.setVariable(ProcessVariables.SAMPLED, reason.isPresent());
        execution.setVariable(ProcessVariables.SAMPLE_REASON, reason.orElse(null));
        if (reason.isEmpty()) {
            execution.setVariable(ProcessVariables.DECISION, "not-sampled");
        }
    }
}
