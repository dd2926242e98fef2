package io.parley.ml.tools;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The ML tools train and measure what the plugins run: they may use the plugins' public classes and
 * the parley-ml library, the engine's api and spi packages (never its implementation), Tribuo (with
 * its OLCUT utilities and ONNX protobuf export), ONNX Runtime, Jackson and the JDK.
 */
class ArchitectureTest {

    @Test
    void theToolsUseThePluginsTheEnginesApiSpiAndTribuo() {
        JavaClasses tools = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.parley.ml.tools");

        noClasses().that().resideInAPackage("io.parley.ml.tools..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.parley.ml.tools..", "io.parley.ml",
                        "io.parley.plugins.onnx..", "io.parley.plugins.sentiment..", "io.parley.engine.api..", "io.parley.engine.spi..",
                        "org.tribuo..", "com.oracle.labs.mlrg.olcut..", "ai.onnx.proto..", "ai.onnxruntime..", "com.fasterxml.jackson..",
                        "java..")
                .check(tools);
    }
}
