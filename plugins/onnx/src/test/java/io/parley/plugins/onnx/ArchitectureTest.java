package io.parley.plugins.onnx;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * DESIGN.md: plugins use only the engine's api and spi packages; besides, ONNX Runtime, the DJL tokenizer, H2's MVStore, Jackson,
 * SLF4J, the JDK, and Tribuo with its ONNX protobuf classes (training intent heads).
 */
class ArchitectureTest {

    @Test
    void theOnnxPluginUsesOnlyTheEnginesApiAndSpi() {
        JavaClasses plugin = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.parley.plugins.onnx");

        noClasses().that().resideInAPackage("io.parley.plugins.onnx..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.parley.plugins.onnx..", "io.parley.engine.api..",
                        "io.parley.engine.spi..", "ai.onnxruntime..", "ai.djl.huggingface.tokenizers..", "org.h2.mvstore..",
                        "com.fasterxml.jackson..", "org.slf4j..", "java..", "org.tribuo..", "ai.onnx.proto..")
                .check(plugin);
    }
}
