package io.parley.http;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.parley.engine.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * docs/design.md: the HTTP layer's route-module SPI ({@code io.parley.http}) knows no route of its
 * own and nothing of the pipeline; the engine's routes ({@code io.parley.http.routes}) work against
 * the pipeline and the storage SPI, never a storage engine.
 */
class ArchitectureTest {
    static JavaClasses http;

    @BeforeAll
    static void importClasses() {
        http = ArchitectureRules.mainClasses("io.parley.http");
    }

    @Test
    void theRouteModuleSpiKnowsNoRouteAndNoPipeline() {
        noClasses().that().resideInAPackage("io.parley.http").should().dependOnClassesThat()
                .resideInAnyPackage("io.parley.http.routes..", "io.parley.engine.impl..", "io.parley.engine.spi..")
                .check(http);
    }

    @Test
    void theEnginesRoutesReachNoStorageEngineNorTheRuleEngine() {
        noClasses().that().resideInAPackage("io.parley.http..").should().dependOnClassesThat()
                .resideInAnyPackage("io.parley.storage..", "com.mongodb..", "org.bson..", "org.drools..", "org.kie..",
                        "org.camunda..")
                .check(http);
        ArchitectureRules.theRuntimeNeverDependsOnTheDsl().check(http);
    }
}
