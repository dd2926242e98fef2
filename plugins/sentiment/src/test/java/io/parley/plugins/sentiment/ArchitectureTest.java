package io.parley.plugins.sentiment;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** DESIGN.md: plugins use only the engine's api and spi packages; besides, ONNX Runtime, langchain4j's encoder, Tribuo (with its OLCUT utilities), Jackson. */
class ArchitectureTest {

    @Test
    void theSentimentPluginUsesOnlyTheEnginesApiAndSpi() {
        JavaClasses plugin = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.parley.plugins.sentiment");

        noClasses().that().resideInAPackage("io.parley.plugins.sentiment..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.parley.plugins.sentiment..", "io.parley.engine.api..",
                        "io.parley.engine.spi..", "ai.onnxruntime..", "dev.langchain4j..", "org.tribuo..",
                        "com.oracle.labs.mlrg.olcut..", "com.fasterxml.jackson..", "java..")
                .check(plugin);
    }
}
