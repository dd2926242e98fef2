package io.parley.plugins.js;

import io.parley.engine.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** docs/design.md: plugins use only the engine's api and spi packages; besides, only GraalJS, Jackson and the JDK. */
class ArchitectureTest {

    @Test
    void theJsPluginUsesOnlyTheEnginesApiAndSpi() {
        ArchitectureRules.usesOnlyTheApiAnd("io.parley.plugins.js", "org.graalvm.polyglot..", "com.fasterxml.jackson..",
                "com.sun.management..").check(ArchitectureRules.mainClasses("io.parley.plugins.js"));
    }
}
