package io.parley.engine.spi.workflow;

import java.util.List;

/** A deployed BPMN file: the processes it defines, each with the version this deployment gave it. */
public record WorkflowDeployment(String id, String tenant, String fileName, List<DeployedProcess> processes) {
    public WorkflowDeployment {
        processes = List.copyOf(processes);
    }

    public record DeployedProcess(String key, String name, int version) {
    }
}
