package io.parley.workflow;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.parley.engine.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * docs/design.md: the workflow module sees only the engine's API and SPI (it implements the SPI's
 * {@code ScoringWorkflow}) and the HTTP layer's route-module SPI; the process engine itself is the
 * {@code impl} package's concern.
 */
class ArchitectureTest {
    static JavaClasses workflow;

    @BeforeAll
    static void importClasses() {
        workflow = ArchitectureRules.mainClasses("io.parley.workflow");
    }

    @Test
    void theWorkflowModuleUsesOnlyTheEnginesApiAndSpi() {
        // Aho-Corasick: SOP conformance matches the stages' keywords (SopConformance). StAX: BpmnSafetyCheck
        // reads uploaded BPMN. javax.script: the engine is given no script engines (EngineLockdown).
        ArchitectureRules.usesOnlyTheApiAnd("io.parley.workflow", "io.parley.http", "org.camunda.bpm..",
                "com.fasterxml.jackson..", "org.slf4j..", "org.ahocorasick..", "javax.xml..", "javax.script..")
                .check(workflow);
    }

    @Test
    void onlyTheImplPackageTouchesTheProcessEngine() {
        noClasses().that().resideOutsideOfPackage("io.parley.workflow.impl..")
                .should().dependOnClassesThat().resideInAPackage("org.camunda.bpm.engine..")
                .check(workflow);
    }
}
