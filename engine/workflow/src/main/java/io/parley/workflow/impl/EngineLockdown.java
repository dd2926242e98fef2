package io.parley.workflow.impl;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParser;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.scripting.ExecutableScript;
import org.camunda.bpm.engine.impl.scripting.ScriptFactory;
import org.camunda.bpm.engine.impl.scripting.engine.ScriptEngineResolver;
import org.camunda.bpm.engine.impl.util.xml.Element;

import javax.script.ScriptEngine;
import javax.script.ScriptEngineFactory;
import javax.script.ScriptEngineManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the embedded engine is configured so that a workflow cannot run code on the server even if
 * it got past {@link BpmnSafetyCheck} (a bug there, a file deployed by other means):
 *
 * <ul>
 *   <li>expressions: {@link RestrictedExpressionManager} (no method calls but Parley's steps and
 *       the variable accessors, no getters, no functions);</li>
 *   <li>scripts: no script is created (a script task, a script listener, a script condition or a
 *       script input mapping fails to parse) and no language resolves to a script engine, not
 *       even the JUEL script engine the engine itself registers, which calls any method;</li>
 *   <li>Java classes: a file that names one ({@code camunda:class},
 *       {@code camunda:formHandlerClass}, {@code camunda:variableMappingClass}, a
 *       {@code validator} form field constraint) or injects fields does not parse. The parser
 *       instantiates form handler classes while it parses, so this is checked before it starts;</li>
 *   <li>no expressions in task queries, no Java serialization of variables, type validation on
 *       deserialization, no external XML entities.</li>
 * </ul>
 */
final class EngineLockdown {
    private static final Set<String> CLASS_ATTRIBUTES = Set.of("class", "formHandlerClass", "variableMappingClass");
    private static final Set<String> CAMUNDA_NAMESPACES = Set.of("http://camunda.org/schema/1.0/bpmn",
            "http://activiti.org/bpmn");

    private EngineLockdown() {
    }

    static void apply(ProcessEngineConfigurationImpl configuration, Map<Object, Object> beans) {
        configuration.setExpressionManager(new RestrictedExpressionManager(beans));

        configuration.setScriptFactory(new NoScripts());
        configuration.setScriptEngineResolver(new NoScriptEngines());
        configuration.setEnableScriptEngineCaching(false);
        configuration.setEnableScriptCompilation(false);
        configuration.setEnableFetchScriptEngineFromProcessApplication(false);
        configuration.setEnableScriptEngineLoadExternalResources(false);
        configuration.setConfigureScriptEngineHostAccess(false);
        configuration.setAutoStoreScriptVariables(false);

        configuration.setBpmnParseFactory(GuardedBpmnParse::new);

        configuration.setEnableExpressionsInAdhocQueries(false);
        configuration.setEnableExpressionsInStoredQueries(false);
        configuration.setJavaSerializationFormatEnabled(false);
        configuration.setDeserializationTypeValidationEnabled(true);
        configuration.setEnableXxeProcessing(false);
    }

    /** Creates no script: whatever would hold one fails to parse (or, for a form, to render). */
    static final class NoScripts extends ScriptFactory {
        static final String REFUSAL = "Parley's workflows cannot contain scripts";

        @Override
        public ExecutableScript createScriptFromResource(String language, String resource) {
            throw refused(language);
        }

        @Override
        public ExecutableScript createScriptFromResource(String language, Expression resourceExpression) {
            throw refused(language);
        }

        @Override
        public ExecutableScript createScriptFromSource(String language, String source) {
            throw refused(language);
        }

        @Override
        public ExecutableScript createScriptFromSource(String language, Expression sourceExpression) {
            throw refused(language);
        }

        private static ProcessEngineException refused(String language) {
            return new ProcessEngineException(REFUSAL + " (language " + language + ")");
        }
    }

    /** Resolves no language to a script engine, and takes none. */
    static final class NoScriptEngines implements ScriptEngineResolver {
        private final ScriptEngineManager none = new ScriptEngineManager(null) {
            @Override
            public ScriptEngine getEngineByName(String shortName) {
                return null;
            }

            @Override
            public ScriptEngine getEngineByExtension(String extension) {
                return null;
            }

            @Override
            public ScriptEngine getEngineByMimeType(String mimeType) {
                return null;
            }

            @Override
            public List<ScriptEngineFactory> getEngineFactories() {
                return List.of();
            }

            @Override
            public void registerEngineName(String name, ScriptEngineFactory factory) {
                // none
            }

            @Override
            public void registerEngineExtension(String extension, ScriptEngineFactory factory) {
                // none
            }

            @Override
            public void registerEngineMimeType(String type, ScriptEngineFactory factory) {
                // none
            }
        };

        @Override
        public void addScriptEngineFactory(ScriptEngineFactory scriptEngineFactory) {
            throw new UnsupportedOperationException("Parley's workflow engine runs no scripts");
        }

        @Override
        public ScriptEngineManager getScriptEngineManager() {
            return none;
        }

        @Override
        public ScriptEngine getScriptEngine(String language, boolean resolveFromCache) {
            return null;
        }
    }

    /** The engine's BPMN parse, refusing Java class names and field injection before anything is parsed. */
    static final class GuardedBpmnParse extends BpmnParse {
        GuardedBpmnParse(BpmnParser parser) {
            super(parser);
        }

        @Override
        protected void parseRootElement() {
            List<Element> refused = new ArrayList<>();
            List<String> reasons = new ArrayList<>();
            refuse(rootElement, refused, reasons);
            if (refused.isEmpty()) {
                super.parseRootElement();
                return;
            }
            for (int i = 0; i < refused.size(); i++) {
                addError(reasons.get(i), refused.get(i));
            }
        }

        private static void refuse(Element element, List<Element> refused, List<String> reasons) {
            for (String key : element.attributes()) {
                String name = key.substring(key.lastIndexOf(':') + 1);
                if (CLASS_ATTRIBUTES.contains(name)) {
                    refused.add(element);
                    reasons.add(name + "=\"" + element.attribute(key) + "\": Parley's workflows cannot name Java classes");
                }
            }
            if (CAMUNDA_NAMESPACES.contains(element.getUri())) {
                if (element.getTagName().equals("field")) {
                    refused.add(element);
                    reasons.add("field injection: Parley's workflows cannot set fields of Java objects");
                }
                if (element.getTagName().equals("constraint") && "validator".equals(element.attribute("name"))) {
                    refused.add(element);
                    reasons.add("a validator constraint: Parley's workflows cannot name Java classes or delegates");
                }
            }
            for (Element child : element.elements()) {
                refuse(child, refused, reasons);
            }
        }
    }
}
