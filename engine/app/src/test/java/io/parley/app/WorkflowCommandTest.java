package io.parley.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class WorkflowCommandTest {
    private static final String PROCESS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                              xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://parley.io/bpmn">
              <bpmn:process id="parley-scoring" name="Review everything" isExecutable="true" camunda:historyTimeToLive="P30D">
                <bpmn:startEvent id="start" />
                <bpmn:serviceTask id="score" camunda:delegateExpression="${parleyScore}" />
                <bpmn:userTask id="review" camunda:formKey="parley:review" camunda:candidateGroups="qa" />
                <bpmn:serviceTask id="final" camunda:delegateExpression="${parleyFinal}" />
                <bpmn:endEvent id="end" />
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="score" />
                <bpmn:sequenceFlow id="f2" sourceRef="score" targetRef="review" />
                <bpmn:sequenceFlow id="f3" sourceRef="review" targetRef="final" />
                <bpmn:sequenceFlow id="f4" sourceRef="final" targetRef="end" />
              </bpmn:process>
            </bpmn:definitions>
            """;

    @Test
    void deployingTwiceMakesANewVersionForTheTenant(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("review-all.bpmn"), PROCESS);
        Path data = dir.resolve("data");

        ConsoleCapture first = ConsoleCapture.run("workflow", "deploy", file.toString(), "--tenant", "acme",
                "--data-dir", data.toString());
        ConsoleCapture second = ConsoleCapture.run("workflow", "deploy", file.toString(), "--tenant", "acme",
                "--data-dir", data.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("deployed review-all.bpmn for tenant acme:\n  parley-scoring v1  (Review everything)");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("  parley-scoring v2  (Review everything)");
        assertThat(Files.isRegularFile(data.resolve("workflow").resolve("camunda.mv.db"))).isTrue();
    }

    @Test
    void aBadFileExitsOneWithTheEnginesParseErrors(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bad.bpmn"), PROCESS.replace(" camunda:delegateExpression=\"${parleyFinal}\"", ""));

        ConsoleCapture deploy = ConsoleCapture.run("workflow", "deploy", file.toString(), "--data-dir", dir.resolve("data").toString());

        assertThat(deploy.exitCode()).isEqualTo(1);
        assertThat(deploy.err()).contains("parley: the BPMN file bad.bpmn is not valid")
                .containsPattern("  bad\\.bpmn:8:\\d+: .*(element final)");
    }
}
