package io.parley.plugins.sentiment;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * docs/design.md: plugins use only the engine's api and spi packages; besides, the parley-ml library (the shared ONNX stack, not
 * its tools: training and evaluation are not shipped in the plugin), ONNX Runtime, Jackson (descriptors) and the JDK.
 * No Tribuo.
 */
class ArchitectureTest {

    @Test
    void theSentimentPluginUsesOnlyTheEnginesApiAndSpi() {
        JavaClasses plugin = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.parley.plugins.sentiment");

        noClasses().that().resideInAPackage("io.parley.plugins.sentiment..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.parley.plugins.sentiment..", "io.parley.engine.api..",
                        "io.parley.engine.spi..", "io.parley.ml", "ai.onnxruntime..", "com.fasterxml.jackson..", "java..")
                .check(plugin);
    }
}
