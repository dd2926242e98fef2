package io.parley.workflow.impl;

import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.workflow.WorkflowDeployment;
import io.parley.engine.spi.workflow.WorkflowException;
import io.parley.storage.mongo.MongoStorage;
import io.parley.workflow.SamplingPolicy;
import io.parley.workflow.WorkflowSettings;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Each file under {@code hostile/} tries one way of running code on the server through an
 * uploaded workflow; most write a marker file (a path substituted for {@code @MARKER@}) when
 * the engine lets their code run. Deployed through {@link CamundaScoringWorkflow#deploy} on an
 * engine whose job executor is running, each is refused as invalid, naming the offending element
 * and its line; nothing is deployed, no job is scheduled, and no marker appears.
 */
class HostileBpmnTest {
    private static final String SECRET = "the-server's-secret-7f3a";

    @TempDir
    static Path dir;
    static Storage storage;
    static CamundaScoringWorkflow workflow;
    static Path secret;

    @BeforeAll
    static void start() throws IOException {
        storage = MongoStorage.embedded(dir);
        workflow = CamundaScoringWorkflow.open(WorkflowSettings.inMemory(new SamplingPolicy(false, 101.0, null, 0, 0, 1L))
                .withJobExecutor(true), storage, notification -> { });
        secret = Files.writeString(dir.resolve("secret.txt"), SECRET);
    }

    @AfterAll
    static void stop() {
        System.clearProperty(HostileDelegate.MARKER);
        workflow.close();
        storage.close();
    }

    /** The file, the element the refusal must name, and a text on the line it must give. */
    static Stream<Arguments> hostileFiles() {
        return Stream.of(
                arguments("script-task-javascript", "<bpmn:scriptTask id=\"evil\">", "id=\"evil\""),
                arguments("script-task-groovy", "<bpmn:scriptTask id=\"evil\">", "id=\"evil\""),
                arguments("script-task-juel", "<bpmn:scriptTask id=\"evil\">", "id=\"evil\""),
                arguments("script-resource", "<bpmn:scriptTask id=\"evil\"> camunda:resource=", "id=\"evil\""),
                arguments("input-output-script", "<camunda:script> in <bpmn:userTask id=\"evil\">", "<camunda:script"),
                arguments("condition-script", "<bpmn:conditionExpression> in <bpmn:sequenceFlow id=\"evil\"> language=",
                        "<bpmn:conditionExpression"),
                arguments("timer-start-event", "<bpmn:startEvent id=\"Start\"> is a timer start event",
                        "<bpmn:startEvent id=\"Start\""),
                arguments("conditional-start-event", "<bpmn:startEvent id=\"evil\"> is a conditional start event",
                        "id=\"evil\""),
                arguments("message-start-expression", "<bpmn:startEvent id=\"evil\"> starts on a message whose name is "
                        + "an expression", "id=\"evil\""),
                arguments("signal-start-expression", "<bpmn:startEvent id=\"evil\"> starts on a signal whose name is "
                        + "an expression", "id=\"evil\""),
                arguments("execution-listener-class", "<camunda:executionListener> in <bpmn:startEvent id=\"Start\">",
                        "<camunda:executionListener"),
                arguments("execution-listener-expression", "<camunda:executionListener> in <bpmn:startEvent id=\"Start\">",
                        "<camunda:executionListener"),
                arguments("task-listener", "<camunda:taskListener> in <bpmn:userTask id=\"evil\">", "<camunda:taskListener"),
                arguments("service-task-class", "<bpmn:serviceTask id=\"evil\"> camunda:class=", "id=\"evil\""),
                arguments("activiti-namespace-class", "<bpmn:serviceTask id=\"evil\"> activiti:class=", "id=\"evil\""),
                arguments("form-handler-class", "<bpmn:userTask id=\"evil\"> camunda:formHandlerClass=", "id=\"evil\""),
                arguments("service-task-expression", "<bpmn:serviceTask id=\"evil\"> camunda:expression=", "id=\"evil\""),
                arguments("delegate-expression", "<bpmn:serviceTask id=\"evil\"> camunda:delegateExpression=",
                        "id=\"evil\""),
                arguments("condition-method-call", "<bpmn:conditionExpression> in <bpmn:sequenceFlow id=\"evil\"> the "
                        + "expression", "<bpmn:conditionExpression"),
                arguments("getter-chain", "<bpmn:userTask id=\"evil\"> camunda:assignee: the expression", "id=\"evil\""),
                arguments("field-injection", "<camunda:field> in <bpmn:serviceTask id=\"evil\">", "<camunda:field"),
                arguments("connector", "<camunda:connector> in <bpmn:serviceTask id=\"evil\">", "<camunda:connector"),
                arguments("external-task", "<bpmn:serviceTask id=\"evil\"> camunda:type=", "id=\"evil\""),
                arguments("form-key-external", "<bpmn:userTask id=\"evil\"> camunda:formKey=", "id=\"evil\""),
                arguments("call-activity-other-tenant", "<bpmn:callActivity id=\"evil\"> camunda:calledElementTenantId",
                        "id=\"evil\""),
                arguments("xxe-doctype", "<!DOCTYPE>", "<!DOCTYPE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileFiles")
    void isRefusedNamingTheElementAndItsLineAndRunsNothing(String name, String element, String onLine) throws Exception {
        Path marker = dir.resolve(name + ".marker");
        System.setProperty(HostileDelegate.MARKER, marker.toString());
        String bpmn = hostile(name).replace("@MARKER@", marker.toString()).replace("@SECRET@", secret.toString());
        long jobsBefore = workflow.engine().getManagementService().createJobQuery().count();

        assertThatThrownBy(() -> workflow.deploy("acme", name + ".bpmn", bpmn.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(WorkflowException.class, e -> {
                    assertThat(e.reason()).isEqualTo(WorkflowException.Reason.INVALID);
                    assertThat(e.getMessage()).startsWith("the BPMN file " + name + ".bpmn is refused")
                            .contains("line " + BpmnSafetyCheckTest.lineOf(bpmn, onLine) + ", column ")
                            .contains(element)
                            .doesNotContain(SECRET);
                    assertThat(e.details()).anySatisfy(line -> assertThat(line)
                            .startsWith("line " + BpmnSafetyCheckTest.lineOf(bpmn, onLine) + ", ").contains(element));
                });

        assertThat(workflow.engine().getRepositoryService().createProcessDefinitionQuery()
                .processDefinitionKey("hostile-" + name).count()).as("deployed").isZero();
        assertThat(workflow.engine().getManagementService().createJobQuery().count()).as("jobs").isEqualTo(jobsBefore);
        // The job executor is running: time for a timer that slipped through to fire.
        Thread.sleep(bpmn.contains("timerEventDefinition") ? 2_000 : 100);
        assertThat(marker).doesNotExist();
    }

    @Test
    void everyFileInTheHostileFolderIsExercised() throws IOException {
        List<String> listed = hostileFiles().map(arguments -> (String) arguments.get()[0]).sorted().toList();
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/io/parley/workflow/hostile"))) {
            assertThat(files.map(file -> file.getFileName().toString().replace(".bpmn", "")).sorted().toList())
                    .isEqualTo(listed);
        }
    }

    @Test
    void allFindingsAreListedNotJustTheFirst() throws IOException {
        String bpmn = hostile("timer-start-event");
        assertThatThrownBy(() -> workflow.deploy("acme", "timer.bpmn", bpmn.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(WorkflowException.class, e -> assertThat(e.details()).hasSize(2)
                        .anySatisfy(line -> assertThat(line).contains("<bpmn:startEvent id=\"Start\"> is a timer start event"))
                        .anySatisfy(line -> assertThat(line).contains("<bpmn:serviceTask id=\"Payload\"> camunda:expression=")));
    }

    @Test
    void aBenignTenantWorkflowIsAcceptedAndRuns() {
        String bpmn = """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_benign" targetNamespace="http://parley.io/test">
                  <bpmn:process id="benign-review" isExecutable="true" camunda:historyTimeToLive="P30D">
                    <bpmn:startEvent id="Start" />
                    <bpmn:exclusiveGateway id="Low" default="Flow_Fine" />
                    <bpmn:userTask id="Review" name="Review ${dialogueId}" camunda:assignee="${reviewer}" camunda:formKey="parley:review" camunda:dueDate="P2D" />
                    <bpmn:endEvent id="End" />
                    <bpmn:sequenceFlow id="Flow_In" sourceRef="Start" targetRef="Low" />
                    <bpmn:sequenceFlow id="Flow_Low" sourceRef="Low" targetRef="Review">
                      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${score &lt; 80}</bpmn:conditionExpression>
                    </bpmn:sequenceFlow>
                    <bpmn:sequenceFlow id="Flow_Fine" sourceRef="Low" targetRef="End" />
                    <bpmn:sequenceFlow id="Flow_Out" sourceRef="Review" targetRef="End" />
                  </bpmn:process>
                </bpmn:definitions>
                """;
        WorkflowDeployment deployment = workflow.deploy("acme", "benign.bpmn", bpmn.getBytes(StandardCharsets.UTF_8));
        assertThat(deployment.processes()).extracting(WorkflowDeployment.DeployedProcess::key).containsExactly("benign-review");

        String instance = workflow.engine().getRuntimeService().createProcessInstanceByKey("benign-review")
                .processDefinitionTenantId("acme")
                .setVariables(Map.of("reviewer", "li.qa", "score", 72, "dialogueId", "d-1")).execute().getId();
        Task review = workflow.engine().getTaskService().createTaskQuery().processInstanceId(instance).singleResult();
        assertThat(review.getAssignee()).isEqualTo("li.qa");
        assertThat(review.getName()).isEqualTo("Review d-1");
    }

    private static String hostile(String name) throws IOException {
        try (InputStream in = HostileBpmnTest.class.getResourceAsStream("/io/parley/workflow/hostile/" + name + ".bpmn")) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
