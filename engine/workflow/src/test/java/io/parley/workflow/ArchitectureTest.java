package io.parley.workflow;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * DESIGN.md: the workflow module sees only the engine's api and spi (it implements the spi's
 * {@code ScoringWorkflow}); the process engine itself is the {@code impl} package's concern.
 */
class ArchitectureTest {
    static JavaClasses workflow;

    @BeforeAll
    static void importClasses() {
        workflow = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.parley.workflow");
    }

    @Test
    void theWorkflowModuleUsesOnlyTheEnginesApiAndSpi() {
        noClasses().that().resideInAPackage("io.parley.workflow..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.parley.workflow..", "io.parley.engine.api..",
                        "io.parley.engine.spi..", "org.camunda.bpm..", "org.ahocorasick..", "com.fasterxml.jackson..",
                        "io.vertx..", "io.netty.handler.codec.http..", "org.slf4j..", "java..")
                .check(workflow);
    }

    @Test
    void onlyTheImplPackageTouchesTheProcessEngine() {
        noClasses().that().resideOutsideOfPackage("io.parley.workflow.impl..")
                .should().dependOnClassesThat().resideInAPackage("org.camunda.bpm.engine..")
                .check(workflow);
    }
}
