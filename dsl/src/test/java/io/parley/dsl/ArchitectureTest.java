package io.parley.dsl;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The DSL uses only the engine's api and spi, and its stages depend forward only:
 * source ← diagnostics ← ast ← parser, checker ← compiler; nothing but the entry point sees every stage.
 */
class ArchitectureTest {
    private static JavaClasses dsl;

    @BeforeAll
    static void importDsl() {
        dsl = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.parley.dsl");
    }

    @Test
    void usesOnlyTheEnginesApiAndSpi() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.parley.engine.impl..", "io.parley.app..",
                "io.parley.console..").check(dsl);
    }

    @Test
    void theAstKnowsNoStage() {
        noClasses().that().resideInAPackage("io.parley.dsl.ast..").should().dependOnClassesThat()
                .resideInAnyPackage("io.parley.dsl.parser..", "io.parley.dsl.checker..", "io.parley.dsl.compiler..",
                        "io.parley.dsl.diagnostics..")
                .check(dsl);
    }

    @Test
    void theParserDoesNotKnowLaterStages() {
        noClasses().that().resideInAPackage("io.parley.dsl.parser..").should().dependOnClassesThat()
                .resideInAnyPackage("io.parley.dsl.checker..", "io.parley.dsl.compiler..").check(dsl);
    }

    @Test
    void theCheckerAndCompilerDoNotKnowTheParser() {
        noClasses().that().resideInAnyPackage("io.parley.dsl.checker..", "io.parley.dsl.compiler..").should()
                .dependOnClassesThat().resideInAPackage("io.parley.dsl.parser..").check(dsl);
        noClasses().that().resideInAPackage("io.parley.dsl.checker..").should()
                .dependOnClassesThat().resideInAPackage("io.parley.dsl.compiler..").check(dsl);
    }
}
