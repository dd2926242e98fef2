package io.parley.plugins.js;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** DESIGN.md: plugins use only the engine's api and spi packages; besides, only GraalJS, Jackson and the JDK. */
class ArchitectureTest {

    @Test
    void theJsPluginUsesOnlyTheEnginesApiAndSpi() {
        JavaClasses plugin = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.parley.plugins.js");

        noClasses().that().resideInAPackage("io.parley.plugins.js..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.parley.plugins.js..", "io.parley.engine.api..",
                        "io.parley.engine.spi..", "org.graalvm.polyglot..", "com.fasterxml.jackson..", "java..",
                        "com.sun.management..")
                .check(plugin);
    }
}
