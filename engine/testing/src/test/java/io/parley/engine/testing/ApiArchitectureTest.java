package io.parley.engine.testing;

import org.junit.jupiter.api.Test;

/**
 * docs/design.md: what plugins, storage backends and the DSL compile against depends on Jackson
 * only. Checked here, beside the rules, because the API module cannot depend on this one.
 */
class ApiArchitectureTest {

    @Test
    void theApiAndSpiDependOnJacksonAndTheJdkOnly() {
        ArchitectureRules.apiDependsOnJacksonOnly()
                .check(ArchitectureRules.mainClasses("io.parley.engine.api", "io.parley.engine.spi"));
    }
}
