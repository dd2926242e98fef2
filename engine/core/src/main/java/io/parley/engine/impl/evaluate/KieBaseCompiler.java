package io.parley.engine.impl.evaluate;

import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.facts.HitCollector;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Global;
import org.kie.internal.conf.ConstraintJittingThresholdOption;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compiles a rule set's DRL with the classic (interpreted, non-executable-model) Drools engine. */
final class KieBaseCompiler {
    static final String HITS_GLOBAL = "hits";

    private static final Pattern PACKAGE_DECLARATION = Pattern.compile("^\\s*package\\s+([\\w.]+)", Pattern.MULTILINE);

    private KieBaseCompiler() {
    }

    static KieBase compile(RuleSetRef ruleset, String drl, ConstraintCompilation constraints) {
        String source = Objects.requireNonNullElse(drl, "");
        KieServices services = KieServices.get();
        ClassLoader classLoader = KieBaseCompiler.class.getClassLoader();
        // A release id of its own: KieHelper's shared default id would let concurrent compilations
        // overwrite each other's module in the JVM-wide KieRepository.
        ReleaseId releaseId = services.newReleaseId("io.parley.rulesets", "ruleset", UUID.randomUUID().toString());
        KieFileSystem files = services.newKieFileSystem().generateAndWritePomXML(releaseId);
        files.write("src/main/resources/" + packageFolder(source) + "rules.drl", source);

        KieBuilder builder = services.newKieBuilder(files, classLoader).buildAll();
        try {
            List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
            if (!errors.isEmpty()) {
                throw new RuleSetCompilationException(ruleset, errors.stream()
                        .map(m -> new RuleSetCompilationException.Problem(m.getLine(), m.getColumn(), m.getText().strip()))
                        .toList());
            }
            KieBaseConfiguration configuration = services.newKieBaseConfiguration();
            configuration.setOption(ConstraintJittingThresholdOption.get(constraints.jittingThreshold()));
            KieBase kieBase = services.newKieContainer(releaseId, classLoader).newKieBase(configuration);
            requireHitsGlobal(ruleset, kieBase);
            return kieBase;
        } finally {
            // The KieBase keeps what it needs; the repository would otherwise hold every module ever built.
            services.getRepository().removeKieModule(releaseId);
        }
    }

    /** Drools warns when a DRL file's folder does not mirror its package. */
    private static String packageFolder(String drl) {
        Matcher declaration = PACKAGE_DECLARATION.matcher(drl);
        return declaration.find() ? declaration.group(1).replace('.', '/') + "/" : "";
    }

    /** Checked here, not per dialogue: without it every session would fail on setGlobal. */
    private static void requireHitsGlobal(RuleSetRef ruleset, KieBase kieBase) {
        boolean declared = kieBase.getKiePackages().stream()
                .map(KiePackage::getGlobalVariables)
                .flatMap(Collection::stream)
                .anyMatch(KieBaseCompiler::isHitsGlobal);
        if (!declared) {
            throw new RuleSetCompilationException(ruleset, List.of(new RuleSetCompilationException.Problem(0, 0,
                    "the DRL declares no 'global " + HitCollector.class.getName() + " " + HITS_GLOBAL + ";'")));
        }
    }

    private static boolean isHitsGlobal(Global global) {
        return global.getName().equals(HITS_GLOBAL) && global.getType().equals(HitCollector.class.getName());
    }
}
