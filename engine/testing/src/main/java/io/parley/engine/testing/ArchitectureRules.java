package io.parley.engine.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The dependency rules of docs/design.md, shared by every module's {@code ArchitectureTest}: the API
 * and SPI depend on Jackson only and never on an implementation; the runtime never depends on the
 * DSL; plugins, the DSL and workflows see only the API and SPI (plus the libraries each names).
 * The Maven enforcer's banned-dependencies check says the same of the plugins' poms.
 */
public final class ArchitectureRules {
    /** What the API artifact's own packages are. */
    public static final String[] API = {"io.parley.engine.api..", "io.parley.engine.spi.."};
    /** Parley's implementations, which nothing that works against the API may reach. */
    public static final String[] IMPLEMENTATIONS = {"io.parley.engine.impl..", "io.parley.storage..",
            "io.parley.http.routes..", "io.parley.app..", "io.parley.console..", "io.parley.dsl..",
            "io.parley.plugins..", "io.parley.workflow.."};

    private ArchitectureRules() {
    }

    /** The main (not test) classes under the packages. */
    public static JavaClasses mainClasses(String... packages) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(packages);
    }

    /** The API and SPI depend on Jackson and the JDK only. */
    public static ArchRule apiDependsOnJacksonOnly() {
        return dependsOnlyOn(API, "com.fasterxml.jackson..", "java..");
    }

    /**
     * Classes in {@code ownPackage} depend on nothing but their own package, the engine's API and
     * SPI, the JDK and the packages named.
     */
    public static ArchRule usesOnlyTheApiAnd(String ownPackage, String... allowed) {
        List<String> packages = new ArrayList<>(List.of("java.."));
        packages.addAll(List.of(API));
        packages.addAll(List.of(allowed));
        return dependsOnlyOn(new String[] {ownPackage + ".."}, packages.toArray(String[]::new));
    }

    /** Classes in {@code ownPackage} reach no implementation of Parley's but their own. */
    public static ArchRule reachesNoOtherImplementation(String ownPackage) {
        return noClasses().that().resideInAPackage(ownPackage + "..").should().dependOnClassesThat(
                resideInAnyPackage(IMPLEMENTATIONS).and(not(resideInAPackage(ownPackage + ".."))));
    }

    /** The engine's runtime (api, spi, core, storage, http) knows nothing of the DSL, plugins, workflows or the app. */
    public static ArchRule theRuntimeNeverDependsOnTheDsl() {
        return noClasses().that().resideInAnyPackage("io.parley.engine..", "io.parley.storage..", "io.parley.http..")
                .should().dependOnClassesThat().resideInAnyPackage("io.parley.dsl..", "io.parley.app..",
                        "io.parley.console..", "io.parley.plugins..", "io.parley.workflow..", "io.parley.ml..")
                .because("the runtime runs compiled rule sets; the language is one way to make them");
    }

    private static ArchRule dependsOnlyOn(String[] packages, String... allowed) {
        String[] all = Stream.concat(Arrays.stream(packages), Arrays.stream(allowed)).distinct().toArray(String[]::new);
        return noClasses().that().resideInAnyPackage(packages)
                .should().dependOnClassesThat().resideOutsideOfPackages(all);
    }
}
