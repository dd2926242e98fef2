package io.parley.app.cli;

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

    @Test
    void sopChecksEachDialogueAndShowsTheTurnOfEachDeviation(@TempDir Path dir) throws IOException {
        Path flow = Files.writeString(dir.resolve("sop.bpmn"), """
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                                  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
                  <bpmn:process id="sop-short" isExecutable="false">
                    <bpmn:startEvent id="s" />
                    <bpmn:task id="open" name="开场"><bpmn:extensionElements><camunda:properties>
                      <camunda:property name="keywords" value="您好、欢迎" /></camunda:properties></bpmn:extensionElements></bpmn:task>
                    <bpmn:task id="needs" name="需求"><bpmn:extensionElements><camunda:properties>
                      <camunda:property name="keywords" value="请问您,预算" /></camunda:properties></bpmn:extensionElements></bpmn:task>
                    <bpmn:task id="close" name="结束"><bpmn:extensionElements><camunda:properties>
                      <camunda:property name="keywords" value="再见" /></camunda:properties></bpmn:extensionElements></bpmn:task>
                    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="open" />
                    <bpmn:sequenceFlow id="f2" sourceRef="open" targetRef="needs" />
                    <bpmn:sequenceFlow id="f3" sourceRef="needs" targetRef="close" />
                  </bpmn:process>
                </bpmn:definitions>
                """);
        Path dialogues = Files.writeString(dir.resolve("d.ndjson"), """
                {"id": "good", "turns": [{"role": "agent", "text": "您好"}, {"role": "agent", "text": "请问您预算多少"}, {"role": "agent", "text": "再见"}]}
                {"id": "late", "turns": [{"role": "agent", "text": "欢迎"}, {"role": "agent", "text": "再见"}, {"role": "agent", "text": "请问您要什么"}]}
                {"id": "bad", "turns": [{"role": "agnet", "text": "您好"}]}
                """);

        ConsoleCapture sop = ConsoleCapture.run("workflow", "sop", flow.toString(), dialogues.toString());

        assertThat(sop.exitCode()).as(sop.err()).isZero();
        // three stages without points: 100/3 each
        assertThat(sop.out()).contains("good  follows sop-short  score 100/100\n")
                .contains("late  1 deviation from sop-short  score 66.67/100\n  failed       需求 (out of order, -33.33)\n"
                        + "  out of order 需求 should come before 结束 (turn 2)\n"
                        + "               turn 3: 请问您要什么\n")
                .contains("2 dialogues checked, 1 follow the flow, mean score 83.33");
        assertThat(sop.err()).contains(dialogues + ":3: ").contains("agnet");
    }
}
