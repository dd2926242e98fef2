package io.parley.workflow.impl;

import io.parley.engine.spi.workflow.WorkflowException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.xml.stream.XMLStreamException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The deploy-time check on its own: what Parley ships passes, the grammar of expressions, positions. */
class BpmnSafetyCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {"/io/parley/workflow/parley-scoring.bpmn", "/io/parley/workflow/parley-calibration.bpmn",
            "/bpmn/qa-with-coaching.bpmn", "/bpmn/sop-presale.bpmn"})
    void theShippedWorkflowsAndTheModelerExamplesPassUnchanged(String resource) throws Exception {
        assertThat(BpmnSafetyCheck.findings(read(resource))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"${reviewer}", "#{reviewer}", "${score < 80}", "${score lt 80 and !vetoed}",
            "${!sampled}", "${empty hitRules}", "${not empty hitRules}", "${a.b.c == 'x' || d != \"y\"}",
            "${score >= 60.5e0 ? 'pass' : 'fail'}", "${n % 2 == 0 && m / 3 > -1}", "qa,qa-senior", "P3D",
            "${appealWindow}", "Review ${dialogueId} now", "${'}'} and ${x}", "${authenticatedUserId}",
            "no expression at all: $ { } # { }"})
    void theseExpressionsAreAllowed(String text) {
        assertThat(BpmnSafetyCheck.expressionProblem(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"${''.getClass().forName('java.lang.Runtime')}", "${x.toString()}", "${now()}",
            "${dateTime().plusDays(2).toDate()}", "${fn:call(x)}", "${(a || b) && c}", "${list[0]}", "${map['k']}",
            "${x.class}", "${x.class.classLoader}", "${execution}", "${execution.processEngine}", "${task.id}",
            "${parleyScore}", "${parleyLists.split(reviewers)}", "${a = b}", "${a; b}", "${x -> x}", "${a,b}",
            "${unclosed", "${x.}", "${'unclosed}", "${a instanceof b}", "#{T(java.lang.Runtime)}",
            "ok ${x} then ${y.getClass()}", "${x ${y}}", "${a + `b`}"})
    void theseExpressionsAreRefused(String text) {
        assertThat(BpmnSafetyCheck.expressionProblem(text)).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith("the expression ").endsWith("may use only variable names, literals and operators"));
    }

    @Test
    void anExpressionHiddenByAnEntityOrACommentIsStillSeen() throws Exception {
        String bpmn = definitions("""
                <bpmn:userTask id="Review" camunda:assignee="&#36;{x.getClass()}" />
                <bpmn:sequenceFlow id="Flow" sourceRef="Review" targetRef="Review">
                  <bpmn:conditionExpression>$<!-- hidden -->{x.getClass()}</bpmn:conditionExpression>
                </bpmn:sequenceFlow>""");
        assertThat(BpmnSafetyCheck.findings(bpmn.getBytes(StandardCharsets.UTF_8))).extracting(BpmnSafetyCheck.Finding::element)
                .containsExactly("<bpmn:userTask id=\"Review\">", "<bpmn:conditionExpression> in <bpmn:sequenceFlow id=\"Flow\">");
    }

    @Test
    void findingsGiveTheLineAndColumnWhereTheStartTagEnds() throws Exception {
        String bpmn = definitions("""
                <bpmn:scriptTask id="evil" scriptFormat="groovy"><bpmn:script>x</bpmn:script></bpmn:scriptTask>""");
        List<BpmnSafetyCheck.Finding> findings = BpmnSafetyCheck.findings(bpmn.getBytes(StandardCharsets.UTF_8));
        String line = bpmn.lines().filter(l -> l.contains("id=\"evil\"")).findFirst().orElseThrow();
        assertThat(findings).hasSize(2);
        assertThat(findings.getFirst().line()).isEqualTo(lineOf(bpmn, "id=\"evil\""));
        assertThat(findings.getFirst().column()).isEqualTo(line.indexOf("><bpmn:script>") + 2);
        assertThat(findings.getFirst().toString()).isEqualTo("line 4, column " + (line.indexOf("><bpmn:script>") + 2)
                + ": <bpmn:scriptTask id=\"evil\"> script tasks run code on the server; Parley's review workflows cannot "
                + "contain them");
    }

    @Test
    void parleysOwnStepsAreAllowedOnlyWhereAndAsTheShippedWorkflowsNameThem() throws Exception {
        String allowed = definitions("""
                <bpmn:serviceTask id="Score" camunda:delegateExpression="${parleyScore}" />
                <bpmn:userTask id="Review"><bpmn:multiInstanceLoopCharacteristics camunda:collection="${parleyLists.split(reviewers)}" camunda:elementVariable="reviewer" /></bpmn:userTask>
                <bpmn:sequenceFlow id="Flow" sourceRef="Score" targetRef="Review"><bpmn:extensionElements><camunda:executionListener expression="${execution.setVariable('decision', 'expired')}" event="take" /></bpmn:extensionElements></bpmn:sequenceFlow>""");
        assertThat(BpmnSafetyCheck.findings(allowed.getBytes(StandardCharsets.UTF_8))).isEmpty();

        String elsewhere = definitions("""
                <bpmn:serviceTask id="Score" camunda:delegateExpression="${ parleyScore }" />
                <bpmn:serviceTask id="Lists" camunda:expression="${parleyLists.split(reviewers)}" />
                <bpmn:userTask id="Review" camunda:assignee="${parleyLists}" />
                <bpmn:sequenceFlow id="Flow" sourceRef="Score" targetRef="Review"><bpmn:extensionElements><camunda:executionListener expression="${execution.setVariable('decision', 'upheld')}" event="take" /></bpmn:extensionElements></bpmn:sequenceFlow>
                <bpmn:sequenceFlow id="Flow2" sourceRef="Score" targetRef="Review"><bpmn:extensionElements><camunda:executionListener class="x.Y" expression="${execution.setVariable('decision', 'expired')}" event="take" /></bpmn:extensionElements></bpmn:sequenceFlow>""");
        assertThat(BpmnSafetyCheck.findings(elsewhere.getBytes(StandardCharsets.UTF_8))).extracting(BpmnSafetyCheck.Finding::element)
                .containsExactly("<bpmn:serviceTask id=\"Score\">", "<bpmn:serviceTask id=\"Lists\">",
                        "<bpmn:userTask id=\"Review\">",
                        "<camunda:executionListener> in <bpmn:sequenceFlow id=\"Flow\">",
                        "<camunda:executionListener> in <bpmn:sequenceFlow id=\"Flow\">",
                        "<camunda:executionListener> in <bpmn:sequenceFlow id=\"Flow2\">",
                        "<camunda:executionListener> in <bpmn:sequenceFlow id=\"Flow2\">");
    }

    @ParameterizedTest
    @ValueSource(strings = {"parley:review", "camunda-forms:deployment:coach.form", "embedded:deployment:a.html",
            "deployment:forms/a.html", "coach-form"})
    void formKeysInsideTheDeploymentAreAllowed(String formKey) {
        assertThat(BpmnSafetyCheck.externalFormKey(formKey)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded:app:forms/a.html", "app:forms/a.html", "camunda-forms:app:a.form",
            "https://evil.example/a.html", "file:///etc/passwd", "deployment:../../x", "parley:review:x",
            "camunda-forms:deployment:x:y"})
    void formKeysOutsideTheDeploymentAreRefused(String formKey) {
        assertThat(BpmnSafetyCheck.externalFormKey(formKey)).isTrue();
    }

    @Test
    void aFileThatIsNotXmlIsRefusedWithWhereTheParserStopped() {
        assertThatThrownBy(() -> BpmnSafetyCheck.requireSafe("notes.bpmn", "not xml".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(WorkflowException.class, e -> {
                    assertThat(e.reason()).isEqualTo(WorkflowException.Reason.INVALID);
                    assertThat(e.getMessage()).isEqualTo("the BPMN file notes.bpmn is not well-formed XML");
                    assertThat(e.details()).singleElement().asString().startsWith("notes.bpmn:1:1: ");
                });
        assertThatThrownBy(() -> BpmnSafetyCheck.findings("<a><b></a>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(XMLStreamException.class);
    }

    @Test
    void aBillionLaughsIsRefusedWithoutExpandingAnything() throws Exception {
        StringBuilder entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            entities.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        String bpmn = "<?xml version=\"1.0\"?>\n<!DOCTYPE d [" + entities + "]>\n<d>&lol9;</d>";
        assertThat(BpmnSafetyCheck.findings(bpmn.getBytes(StandardCharsets.UTF_8)))
                .extracting(BpmnSafetyCheck.Finding::element).startsWith("<!DOCTYPE>");
    }

    @Test
    void anExternalDtdIsRefusedAndNotFetched() throws Exception {
        String bpmn = "<?xml version=\"1.0\"?>\n<!DOCTYPE d SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n<d />";
        assertThat(BpmnSafetyCheck.findings(bpmn.getBytes(StandardCharsets.UTF_8)))
                .extracting(BpmnSafetyCheck.Finding::element).containsExactly("<!DOCTYPE>");
    }

    static String definitions(String process) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
                  <bpmn:process id="p" isExecutable="true" camunda:historyTimeToLive="P1D">
                %s
                  </bpmn:process>
                </bpmn:definitions>
                """.formatted(process.indent(4).stripTrailing());
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in = BpmnSafetyCheckTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return in.readAllBytes();
        }
    }

    /** The 1-based number of the first line containing the text. */
    static int lineOf(String text, String onLine) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(onLine)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line contains " + onLine);
    }
}
