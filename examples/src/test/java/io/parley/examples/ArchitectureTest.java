package io.parley.examples;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.parley.engine.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The dependency directions of docs/design.md over the whole assembled product: api and spi never
 * reach into an implementation; the runtime never depends on the DSL; the DSL, plugins and
 * workflows use only the engine's api and spi; only the application assembles everything.
 */
class ArchitectureTest {
    private static JavaClasses parley;

    @BeforeAll
    static void importParley() {
        parley = ArchitectureRules.mainClasses("io.parley");
    }

    @Test
    void apiAndSpiDependOnJacksonOnly() {
        ArchitectureRules.apiDependsOnJacksonOnly().check(parley);
    }

    @Test
    void theRuntimeNeverDependsOnTheDsl() {
        ArchitectureRules.theRuntimeNeverDependsOnTheDsl().check(parley);
    }

    @Test
    void theDslPluginsAndWorkflowsReachNoOtherImplementation() {
        for (String module : new String[] {"io.parley.dsl", "io.parley.plugins.js", "io.parley.plugins.webhook",
                "io.parley.plugins.chatexport", "io.parley.plugins.onnx", "io.parley.plugins.sentiment", "io.parley.workflow"}) {
            ArchitectureRules.reachesNoOtherImplementation(module).check(parley);
        }
    }

    @Test
    void theDslRuntimeStagesDoNotDependOnTheParser() {
        noClasses().that().resideInAPackage("io.parley.dsl.compiler..")
                .should().dependOnClassesThat().resideInAPackage("io.parley.dsl.parser..")
                .allowEmptyShould(true)
                .check(parley);
    }

    @Test
    void theConsoleIsARouteModuleAndNothingMore() {
        ArchitectureRules.usesOnlyTheApiAnd("io.parley.console", "io.parley.http").check(parley);
    }
}
