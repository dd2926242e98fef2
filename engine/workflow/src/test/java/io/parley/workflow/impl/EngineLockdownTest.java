package io.parley.workflow.impl;

import io.parley.engine.spi.storage.Storage;
import io.parley.storage.mongo.MongoStorage;
import io.parley.workflow.SamplingPolicy;
import io.parley.workflow.WorkflowSettings;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine's own configuration, with {@link BpmnSafetyCheck} bypassed: hostile files are
 * deployed through the engine's repository service directly. What the check would have refused
 * fails with an error, at deploy or at run time, instead of running. The same files on an engine
 * configured as Camunda's defaults are does run their code (the marker file appears), so the
 * payloads are real.
 */
class EngineLockdownTest {
    @TempDir
    static Path dir;
    static Storage storage;
    static CamundaScoringWorkflow workflow;
    static ProcessEngine parley;
    /** Camunda's defaults, for contrast. */
    static ProcessEngine stock;

    @BeforeAll
    static void start() {
        storage = MongoStorage.embedded(dir);
        workflow = CamundaScoringWorkflow.open(WorkflowSettings.inMemory(new SamplingPolicy(false, 101.0, null, 0, 0, 1L)),
                storage, notification -> { });
        parley = workflow.engine();
        stock = ProcessEngineConfiguration.createStandaloneInMemProcessEngineConfiguration()
                .setProcessEngineName("stock-" + UUID.randomUUID())
                .setJdbcUrl("jdbc:h2:mem:stock-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
                .setJobExecutorActivate(false)
                .buildProcessEngine();
    }

    @AfterAll
    static void stop() {
        System.clearProperty(HostileDelegate.MARKER);
        stock.close();
        workflow.close();
        storage.close();
    }

    @Test
    void aJuelMethodCallFailsInsteadOfReachingJavaIoFile() throws IOException {
        String bpmn = hostile("service-task-expression", "parley");
        deploy(parley, "service-task-expression", bpmn);
        assertThatThrownBy(() -> parley.getRuntimeService().startProcessInstanceByKey("hostile-service-task-expression"))
                .isInstanceOf(ProcessEngineException.class)
                .hasStackTraceContaining("Parley's workflows cannot call getClass on a java.lang.String");
        assertThat(marker("parley")).doesNotExist();

        deploy(stock, "service-task-expression", hostile("service-task-expression", "stock"));
        stock.getRuntimeService().startProcessInstanceByKey("hostile-service-task-expression");
        assertThat(marker("stock")).as("the payload works on Camunda's defaults").exists();
    }

    @Test
    void aSignalStartEventsExpressionFailsInsteadOfRunningAtDeployTime() throws IOException {
        assertThatThrownBy(() -> deploy(parley, "signal-start-expression", hostile("signal-start-expression", "parley-signal")))
                .isInstanceOf(ProcessEngineException.class)
                .hasStackTraceContaining("Parley's workflows cannot call getClass on a java.lang.String");
        assertThat(marker("parley-signal")).doesNotExist();

        assertThatThrownBy(() -> deploy(stock, "signal-start-expression", hostile("signal-start-expression", "stock-signal")))
                .as("the name turns out a Boolean, after the code ran").isInstanceOf(ClassCastException.class);
        assertThat(marker("stock-signal")).as("Camunda's defaults run the expression as they deploy").exists();
    }

    @Test
    void aJuelScriptTaskDoesNotDeploy() throws IOException {
        assertThatThrownBy(() -> deploy(parley, "script-task-juel", hostile("script-task-juel", "parley-juel")))
                .isInstanceOf(ProcessEngineException.class)
                .hasStackTraceContaining("Parley's workflows cannot contain scripts (language juel)");
        assertThat(marker("parley-juel")).doesNotExist();

        deploy(stock, "script-task-juel", hostile("script-task-juel", "stock-juel"));
        stock.getRuntimeService().startProcessInstanceByKey("hostile-script-task-juel");
        assertThat(marker("stock-juel")).as("Camunda's own JUEL script engine calls any method").exists();
    }

    @Test
    void scriptsInAnyLanguageAndPlaceDoNotDeploy() throws IOException {
        for (String name : new String[] {"script-task-javascript", "script-task-groovy", "input-output-script",
                "execution-listener-script", "condition-script"}) {
            String bpmn = name.equals("execution-listener-script")
                    ? hostile("execution-listener-expression", name).replace(
                    "<camunda:executionListener expression=\"", "<camunda:executionListener event=\"start\"><camunda:script scriptFormat=\"juel\">")
                    .replace("\" event=\"start\" />", "</camunda:script></camunda:executionListener>")
                    : hostile(name, name);
            assertThatThrownBy(() -> deploy(parley, name, bpmn)).as(name)
                    .isInstanceOf(ProcessEngineException.class)
                    .hasStackTraceContaining("Parley's workflows cannot contain scripts");
            assertThat(marker(name)).doesNotExist();
        }
    }

    @Test
    void noLanguageResolvesToAScriptEngine() {
        var resolver = ((ProcessEngineConfigurationImpl) parley.getProcessEngineConfiguration()).getScriptEngineResolver();
        for (String language : new String[] {"juel", "javascript", "js", "ecmascript", "groovy", "Graal.js", "python"}) {
            assertThat(resolver.getScriptEngine(language, false)).as(language).isNull();
            assertThat(resolver.getScriptEngineManager().getEngineByName(language)).as(language).isNull();
        }
        var stockResolver = ((ProcessEngineConfigurationImpl) stock.getProcessEngineConfiguration()).getScriptEngineResolver();
        assertThat(stockResolver.getScriptEngine("juel", false)).as("Camunda's default").isNotNull();
    }

    @Test
    void javaClassNamesDoNotDeployAndAreNeverInstantiated() throws IOException {
        for (String name : new String[] {"service-task-class", "activiti-namespace-class", "execution-listener-class",
                "form-handler-class", "field-injection"}) {
            System.setProperty(HostileDelegate.MARKER, marker(name).toString());
            assertThatThrownBy(() -> deploy(parley, name, hostile(name, name))).as(name)
                    .isInstanceOf(ProcessEngineException.class)
                    .hasStackTraceContaining("Parley's workflows cannot");
            assertThat(marker(name)).as(name).doesNotExist();
        }

        System.setProperty(HostileDelegate.MARKER, marker("stock-form-handler").toString());
        assertThatThrownBy(() -> deploy(stock, "form-handler-class", hostile("form-handler-class", "stock-form-handler")))
                .as("not a form handler, but instantiated first").isInstanceOf(ProcessEngineException.class);
        assertThat(marker("stock-form-handler")).as("Camunda instantiates a form handler class while parsing").exists();
    }

    @Test
    void gettersOnTheEngineObjectsAreNotReadable() throws IOException {
        deploy(parley, "getter-chain", hostile("getter-chain", "getter"));
        assertThatThrownBy(() -> parley.getRuntimeService().startProcessInstanceByKey("hostile-getter-chain"))
                .isInstanceOf(ProcessEngineException.class)
                .hasStackTraceContaining("Parley's workflows cannot read the property 'processEngine'");
    }

    @Test
    void parleysBeansExposeOnlyTheirOwnMethodsAndTheEngineNoFunctions() {
        String bpmn = BpmnSafetyCheckTest.definitions("""
                <bpmn:startEvent id="Start" />
                <bpmn:serviceTask id="Reflect" camunda:expression="${parleyLists.getClass()}" />
                <bpmn:endEvent id="End" />
                <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Reflect" />
                <bpmn:sequenceFlow id="Flow_2" sourceRef="Reflect" targetRef="End" />""").replace("id=\"p\"", "id=\"reflect\"");
        deploy(parley, "reflect", bpmn);
        assertThatThrownBy(() -> parley.getRuntimeService().startProcessInstanceByKey("reflect"))
                .hasStackTraceContaining("Parley's workflows cannot call getClass on a " + ReviewerLists.class.getName());

        String functions = bpmn.replace("${parleyLists.getClass()}", "${execution.setVariable('at', now())}")
                .replace("id=\"reflect\"", "id=\"functions\"");
        assertThatThrownBy(() -> deploy(parley, "functions", functions)).isInstanceOf(ProcessEngineException.class)
                .hasStackTraceContaining("now");
    }

    @Test
    void theExecutionsVariableAccessorsStillWork() {
        String bpmn = BpmnSafetyCheckTest.definitions("""
                <bpmn:startEvent id="Start" />
                <bpmn:serviceTask id="Set" camunda:expression="${execution.setVariable('decision', execution.getVariable('given'))}" />
                <bpmn:userTask id="Wait" />
                <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Set" />
                <bpmn:sequenceFlow id="Flow_2" sourceRef="Set" targetRef="Wait" />""").replace("id=\"p\"", "id=\"accessors\"");
        deploy(parley, "accessors", bpmn);
        String instance = parley.getRuntimeService().startProcessInstanceByKey("accessors", Map.of("given", "expired")).getId();
        assertThat(parley.getRuntimeService().getVariable(instance, "decision")).isEqualTo("expired");
    }

    private static void deploy(ProcessEngine engine, String name, String bpmn) {
        engine.getRepositoryService().createDeployment().addString(name + ".bpmn", bpmn).deploy();
    }

    private static Path marker(String name) {
        return dir.resolve(name + ".marker");
    }

    private static String hostile(String name, String markerName) throws IOException {
        try (InputStream in = EngineLockdownTest.class.getResourceAsStream("/io/parley/workflow/hostile/" + name + ".bpmn")) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@MARKER@", marker(markerName).toString());
        }
    }
}
