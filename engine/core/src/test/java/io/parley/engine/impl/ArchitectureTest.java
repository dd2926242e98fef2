package io.parley.engine.impl;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.parley.engine.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/design.md: the pipeline works against the storage SPI, knows no HTTP and no storage engine,
 * and never the DSL; the libraries it uses are the rule engine's, the lexicon matcher and metrics.
 */
class ArchitectureTest {
    static JavaClasses core;

    @BeforeAll
    static void importClasses() {
        core = ArchitectureRules.mainClasses("io.parley.engine");
    }

    @Test
    void thePipelineUsesTheApiTheRuleEngineAndNothingOfStorageOrHttp() {
        // BouncyCastle: Argon2id for passwords and key secrets (impl.security). RE2/J: user regexes in linear time.
        ArchitectureRules.usesOnlyTheApiAnd("io.parley.engine.impl", "org.drools..", "org.kie..", "org.ahocorasick..",
                "io.micrometer.core..", "com.fasterxml.jackson..", "org.slf4j..", "org.bouncycastle..", "com.google.re2j..").check(core);
    }

    @Test
    void theRuntimeNeverDependsOnTheDsl() {
        ArchitectureRules.theRuntimeNeverDependsOnTheDsl().check(core);
    }
}
