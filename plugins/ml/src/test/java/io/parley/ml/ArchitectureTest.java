package io.parley.ml;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * docs/design.md: plugin code uses only the engine's api and spi packages. This library of the ML plugins
 * besides: ONNX Runtime, the DJL tokenizer, H2's MVStore (the embedding cache), SLF4J and the JDK;
 * no training library (Tribuo lives in parley-ml-tools).
 */
class ArchitectureTest {

    @Test
    void theMlLibraryUsesOnlyTheEnginesApiSpiAndOnnxRuntime() {
        JavaClasses library = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.parley.ml");

        noClasses().that().resideInAPackage("io.parley.ml")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.parley.ml", "io.parley.engine.api..",
                        "io.parley.engine.spi..", "ai.onnxruntime..", "ai.djl.huggingface.tokenizers..", "org.h2.mvstore..",
                        "org.slf4j..", "java..")
                .check(library);
    }
}
