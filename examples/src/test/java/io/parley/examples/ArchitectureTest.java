package io.parley.examples;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Pins the dependency directions of DESIGN.md: api and spi never reach into impl; the runtime
 * never depends on the DSL; the DSL and plugins use only the engine's api and spi; only the
 * application assembles everything.
 */
class ArchitectureTest {
    private static JavaClasses parley;

    @BeforeAll
    static void importParley() {
        parley = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.parley");
    }

    @Test
    void apiAndSpiDoNotReachIntoImpl() {
        noClasses().that().resideInAnyPackage("io.parley.engine.api..", "io.parley.engine.spi..")
                .should().dependOnClassesThat().resideInAnyPackage("io.parley.engine.impl..", "io.parley.dsl..",
                        "io.parley.app..", "io.parley.console..", "io.parley.plugins..", "io.parley.workflow..")
                .check(parley);
    }

    @Test
    void theRuntimeNeverDependsOnTheDsl() {
        noClasses().that().resideInAPackage("io.parley.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.parley.dsl..", "io.parley.app..",
                        "io.parley.console..", "io.parley.plugins..", "io.parley.workflow..")
                .check(parley);
    }

    @Test
    void theDslPluginsAndWorkflowsUseOnlyTheEnginesApiAndSpi() {
        noClasses().that().resideInAnyPackage("io.parley.dsl..", "io.parley.plugins..", "io.parley.workflow..")
                .should().dependOnClassesThat().resideInAnyPackage("io.parley.engine.impl..", "io.parley.app..",
                        "io.parley.console..")
                .check(parley);
    }

    @Test
    void theDslRuntimeStagesDoNotDependOnTheParser() {
        noClasses().that().resideInAPackage("io.parley.dsl.compiler..")
                .should().dependOnClassesThat().resideInAPackage("io.parley.dsl.parser..")
                .allowEmptyShould(true)
                .check(parley);
    }

    @Test
    void theConsoleDoesNotReachIntoEngineInternals() {
        noClasses().that().resideInAPackage("io.parley.console..")
                .should().dependOnClassesThat().resideInAnyPackage("io.parley.engine.impl..", "io.parley.app..")
                .check(parley);
    }
}
