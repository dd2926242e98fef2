package io.parley.workflow.impl;

import io.parley.engine.spi.workflow.WorkflowException;
import io.parley.engine.spi.workflow.WorkflowException.Reason;

import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The check every uploaded BPMN file passes before the engine sees it. A tenant's workflow may
 * arrange Parley's steps, user tasks, gateways and timers; it may not run code on the server. So
 * the file is read with a parser that knows no DTDs and no external entities, and refused, with
 * every offending element named by tag, id, line and column, when it contains:
 *
 * <ul>
 *   <li>a document type declaration or an entity reference (XXE, entity expansion);</li>
 *   <li>a script in any language: script tasks, {@code camunda:script} (listeners, input/output
 *       mappings), conditions with a {@code language}, {@code camunda:resource};</li>
 *   <li>a Java class or delegate: {@code camunda:class}, {@code camunda:delegateExpression},
 *       {@code camunda:expression}, {@code camunda:formHandlerClass},
 *       {@code camunda:variableMappingClass}/{@code variableMappingDelegateExpression},
 *       field injection, custom form field validators; except the exact steps Parley's shipped
 *       workflows use ({@link #PARLEY_STEPS});</li>
 *   <li>execution and task listeners, connectors, external tasks, business rule tasks and
 *       imports;</li>
 *   <li>start events that act on their own: timer and conditional start events, message and
 *       signal start events whose name is an expression;</li>
 *   <li>an expression ({@code ${…}} or {@code #{…}}, in any attribute or text) outside the small
 *       grammar of {@link #expressionProblem}: names, property paths, literals and operators;
 *       no calls, no parentheses, no indexing, not the engine's or Parley's own objects;</li>
 *   <li>a form key that points outside the deployment, a reference to another tenant's
 *       deployments ({@code camunda:calledElementTenantId} and the like).</li>
 * </ul>
 *
 * <p>The engine is also configured so that what passes here by mistake still cannot run code
 * ({@link EngineLockdown}); this check is what tells the tenant, at deploy time, what and where.
 */
final class BpmnSafetyCheck {
    /** One refused element: where it is, which it is, and why. */
    record Finding(int line, int column, String element, String reason) {
        @Override
        public String toString() {
            return "line " + line + (column > 0 ? ", column " + column : "") + ": " + element + " " + reason;
        }
    }

    /**
     * The only code a tenant's workflow may name: Parley's own steps, as the shipped workflows
     * write them, by element, attribute and exact text.
     */
    static final Map<String, Set<String>> PARLEY_STEPS = Map.of(
            "serviceTask@delegateExpression", Set.of("${parleyScore}", "${parleySample}", "${parleyNotify}", "${parleyFinal}"),
            "multiInstanceLoopCharacteristics@collection", Set.of("${parleyLists.split(reviewers)}"),
            // parley-scoring.bpmn: the appeal window's timer sets decision = expired on its way to the final score.
            "executionListener@expression", Set.of("${execution.setVariable('decision', 'expired')}"));

    /** Names an expression may not start with: the engine's own objects and Parley's beans. */
    private static final Set<String> RESERVED_ROOTS = Set.of("execution", "task", "caseExecution", "externalTask",
            "variableContext", "parleyScore", "parleySample", "parleyNotify", "parleyFinal", "parleyLists");
    /** Property names that lead to Java classes (and so to reflection) or to the engine itself. */
    private static final Set<String> RESERVED_PROPERTIES = Set.of("class", "classLoader", "declaringClass", "module",
            "protectionDomain", "processEngine", "processEngineServices");
    private static final List<String> OPERATORS = List.of("==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "+",
            "-", "*", "/", "%", "?", ":");
    /** Camunda form field constraints that only compare values (the others name a class or a delegate). */
    private static final Set<String> PLAIN_CONSTRAINTS = Set.of("required", "readonly", "minlength", "maxlength",
            "min", "max");
    private static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";
    /** The engine still reads Activiti's namespace as its own. */
    private static final String ACTIVITI_NS = "http://activiti.org/bpmn";
    private static final String PROGRAM = "; Parley's review workflows may name only Parley's own steps";

    private BpmnSafetyCheck() {
    }

    /**
     * Refuses the file with {@link Reason#INVALID} when it is not well-formed XML or has findings;
     * the message names every finding.
     */
    static void requireSafe(String resource, byte[] bpmn) {
        List<Finding> findings;
        try {
            findings = findings(bpmn);
        } catch (XMLStreamException e) {
            Location at = e.getLocation();
            String where = at == null ? "" : at.getLineNumber() + ":" + at.getColumnNumber() + ": ";
            throw new WorkflowException(Reason.INVALID, "the BPMN file " + resource + " is not well-formed XML",
                    List.of(resource + ":" + where + plain(e)), e);
        }
        if (!findings.isEmpty()) {
            List<String> lines = findings.stream().map(Finding::toString).toList();
            throw new WorkflowException(Reason.INVALID, "the BPMN file " + resource + " is refused: it could run code "
                    + "on the server or reach outside its tenant (" + findings.size()
                    + (findings.size() == 1 ? " finding" : " findings") + "): " + String.join("; ", lines),
                    lines, null);
        }
    }

    /** The exception's message without the parser's location prefix, which the caller formats itself. */
    private static String plain(XMLStreamException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int at = message.indexOf("Message: ");
        return at < 0 ? message : message.substring(at + "Message: ".length());
    }

    /** What is refused in the file, in document order; empty when it is fine. */
    static List<Finding> findings(byte[] bpmn) throws XMLStreamException {
        return new Scan().run(bpmn);
    }

    private static XMLInputFactory secureFactory() {
        // The JDK's own implementation, whatever else is on the class path.
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        // No DTD, so the only entities left are the predefined ones (&lt; …), replaced as usual.
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external entities are not read: " + systemId);
        });
        return factory;
    }

    /** One element being read: its name, where it starts, its text so far. */
    private static final class Frame {
        final Frame parent;
        final String qName;
        final String localName;
        final String id;
        final int line;
        final int column;
        final StringBuilder text = new StringBuilder();
        /** Refused as a whole: what is inside it is not reported again. */
        boolean refused;

        Frame(Frame parent, String qName, String localName, String id, int line, int column) {
            this.parent = parent;
            this.qName = qName;
            this.localName = localName;
            this.id = id;
            this.line = line;
            this.column = column;
        }

        boolean quiet() {
            for (Frame frame = parent; frame != null; frame = frame.parent) {
                if (frame.refused) {
                    return true;
                }
            }
            return refused;
        }

        /** {@code <bpmn:scriptTask id="evil">}, or {@code <camunda:script> in <bpmn:userTask id="evil">}. */
        String label() {
            String own = "<" + qName + (id == null ? "" : " id=\"" + id + "\"") + ">";
            if (id != null) {
                return own;
            }
            for (Frame frame = parent; frame != null; frame = frame.parent) {
                if (frame.id != null) {
                    return own + " in <" + frame.qName + " id=\"" + frame.id + "\">";
                }
            }
            return own;
        }
    }

    private record StartReference(Frame startEvent, String kind, String ref) {
    }

    private record Named(Frame element, String name) {
    }

    private static final class Scan {
        private final List<Finding> findings = new ArrayList<>();
        private final Deque<Frame> open = new ArrayDeque<>();
        private final List<StartReference> startReferences = new ArrayList<>();
        private final Map<String, Named> messagesAndSignals = new LinkedHashMap<>();

        List<Finding> run(byte[] bpmn) throws XMLStreamException {
            XMLStreamReader reader = secureFactory().createXMLStreamReader(new ByteArrayInputStream(bpmn));
            try {
                while (reader.hasNext()) {
                    int event;
                    try {
                        event = reader.next();
                    } catch (XMLStreamException e) {
                        if (findings.isEmpty()) {
                            throw e;
                        }
                        // Already refused (a DOCTYPE, typically, whose entities the parser does not define).
                        Location at = e.getLocation();
                        findings.add(new Finding(at == null ? 0 : at.getLineNumber(), at == null ? 0
                                : at.getColumnNumber(), "the rest of the file", "cannot be read: " + plain(e)));
                        break;
                    }
                    // Where the event ends; for an element, the end of its start tag, as the engine's parse errors count.
                    Location at = reader.getLocation();
                    int line = at.getLineNumber();
                    int column = at.getColumnNumber();
                    switch (event) {
                        case XMLStreamConstants.DTD -> findings.add(new Finding(line, column, "<!DOCTYPE>",
                                "document type declarations define entities, which can read files and URLs on the "
                                        + "server (XXE) or expand without bound; BPMN needs none"));
                        case XMLStreamConstants.ENTITY_REFERENCE -> findings.add(new Finding(line, column,
                                "&" + reader.getLocalName() + ";", "entity references are not allowed; BPMN needs only "
                                        + "the predefined ones (&lt; &amp; …) and character references"));
                        case XMLStreamConstants.START_ELEMENT -> start(reader, line, column);
                        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                            if (!open.isEmpty()) {
                                open.peek().text.append(reader.getText());
                            }
                        }
                        case XMLStreamConstants.END_ELEMENT -> end();
                        default -> {
                            // comments, processing instructions: nothing the engine evaluates
                        }
                    }
                }
            } finally {
                reader.close();
            }
            for (StartReference reference : startReferences) {
                Named named = messagesAndSignals.get(reference.kind() + "#" + reference.ref());
                if (named != null && hasExpression(named.name())) {
                    add(reference.startEvent(), "starts on a " + reference.kind() + " whose name is an expression ("
                            + shorten(named.name()) + "): the engine subscribes start events as it deploys the file, "
                            + "so it would evaluate the expression then, outside any dialogue");
                }
            }
            findings.sort(Comparator.comparingInt(Finding::line).thenComparingInt(Finding::column));
            return List.copyOf(findings);
        }

        private void add(Frame frame, String reason) {
            findings.add(new Finding(frame.line, frame.column, frame.label(), reason));
        }

        private void start(XMLStreamReader reader, int line, int column) {
            Map<QName, String> attributes = new LinkedHashMap<>();
            for (int i = 0; i < reader.getAttributeCount(); i++) {
                attributes.put(reader.getAttributeName(i), reader.getAttributeValue(i));
            }
            String id = attributes.get(new QName("id"));
            QName name = reader.getName();
            String qName = name.getPrefix().isEmpty() ? name.getLocalPart() : name.getPrefix() + ":" + name.getLocalPart();
            Frame frame = new Frame(open.peek(), qName, name.getLocalPart(), id, line, column);
            open.push(frame);
            if (frame.quiet()) {
                return;
            }
            element(frame, attributes);
            attributes.forEach((attribute, value) -> attribute(frame, attribute, value));
        }

        private void end() {
            Frame frame = open.pop();
            if (!frame.quiet()) {
                expressionProblem(frame.text.toString()).ifPresent(problem -> add(frame, problem));
            }
        }

        /** Rules about the element itself (its kind, where it is). */
        private void element(Frame frame, Map<QName, String> attributes) {
            Frame parent = frame.parent;
            boolean inStartEvent = parent != null && parent.localName.equals("startEvent");
            switch (frame.localName) {
                case "scriptTask" -> refuse(frame, "script tasks run code on the server; Parley's review workflows "
                        + "cannot contain them");
                case "script" -> refuse(frame, "scripts run code on the server, whatever their language; Parley's "
                        + "review workflows cannot contain them");
                case "executionListener" -> {
                    String expression = attributes.get(new QName("expression"));
                    boolean parleys = attributes.keySet().stream().allMatch(a -> a.getLocalPart().equals("event")
                            || a.getLocalPart().equals("expression"))
                            && expression != null && allowed(frame, "expression", expression);
                    if (!parleys) {
                        refuse(frame, "execution listeners run code (a class, a delegate, a script or an expression) "
                                + "whenever the process passes" + PROGRAM);
                    }
                }
                case "taskListener" -> refuse(frame, "task listeners run code (a class, a delegate, a script or an "
                        + "expression) whenever a task changes" + PROGRAM);
                case "connector" -> refuse(frame, "connectors call other systems (HTTP, SOAP) from the server; "
                        + "Parley's review workflows cannot contain them");
                case "field" -> refuse(frame, "field injection sets fields of the step's Java object (Parley's own "
                        + "steps are shared by every tenant); Parley's steps take no fields");
                case "import" -> refuse(frame, "imports load other documents by location; a Parley workflow is one "
                        + "self-contained file");
                case "businessRuleTask" -> refuse(frame, "business rule tasks run a class, an expression or a DMN "
                        + "decision, and Parley deploys no decisions" + PROGRAM);
                case "constraint" -> {
                    String constraint = attributes.getOrDefault(new QName("name"), "");
                    if (!PLAIN_CONSTRAINTS.contains(constraint)) {
                        refuse(frame, "the form field constraint '" + constraint + "' names a class or a delegate to "
                                + "run; only " + String.join(", ", PLAIN_CONSTRAINTS.stream().sorted().toList())
                                + " are allowed");
                    }
                }
                case "timerEventDefinition" -> {
                    if (inStartEvent) {
                        add(parent, "is a timer start event: it starts instances by itself from the moment the file "
                                + "is deployed, with no dialogue behind them; Parley starts its workflows itself");
                    }
                }
                case "conditionalEventDefinition" -> {
                    if (inStartEvent) {
                        add(parent, "is a conditional start event: its condition is evaluated whenever variables "
                                + "change, outside any dialogue; Parley starts its workflows itself");
                    }
                }
                case "messageEventDefinition", "signalEventDefinition" -> {
                    String kind = frame.localName.startsWith("message") ? "message" : "signal";
                    String ref = attributes.get(new QName(kind + "Ref"));
                    if (inStartEvent && ref != null) {
                        startReferences.add(new StartReference(parent, kind, ref));
                    }
                }
                case "message", "signal" -> {
                    if (frame.id != null) {
                        messagesAndSignals.put(frame.localName + "#" + frame.id,
                                new Named(frame, attributes.getOrDefault(new QName("name"), "")));
                    }
                }
                default -> {
                    // other elements: only their attributes and text are checked
                }
            }
        }

        private void refuse(Frame frame, String reason) {
            add(frame, reason);
            frame.refused = true;
        }

        /** Rules about one attribute; then its value as an expression. */
        private void attribute(Frame frame, QName attribute, String value) {
            String local = attribute.getLocalPart();
            String shown = attribute.getPrefix().isEmpty() ? local : attribute.getPrefix() + ":" + local;
            boolean camunda = CAMUNDA_NS.equals(attribute.getNamespaceURI())
                    || ACTIVITI_NS.equals(attribute.getNamespaceURI());
            String reason = switch (local) {
                case "class", "formHandlerClass", "variableMappingClass" -> shown + "=\"" + shorten(value)
                        + "\" names a Java class for the engine to load and run" + PROGRAM;
                case "delegateExpression", "variableMappingDelegateExpression", "expression" ->
                        allowed(frame, local, value) ? null : shown + "=\"" + shorten(value) + "\" hands the step to "
                                + "whatever object or method the expression names" + PROGRAM + " ("
                                + String.join(", ", PARLEY_STEPS.get("serviceTask@delegateExpression").stream()
                                .sorted().toList()) + ")";
                case "resource" -> shown + "=\"" + shorten(value) + "\" loads a script or file from the class path, "
                        + "the deployment or a URL; Parley's review workflows are one self-contained file";
                case "scriptFormat" -> shown + "=\"" + shorten(value) + "\" makes this a script, which runs code on "
                        + "the server";
                case "language" -> shown + "=\"" + shorten(value) + "\" makes this a script, which runs code on the "
                        + "server; conditions are plain expressions such as ${score < 80}";
                case "calledElementTenantId", "caseTenantId", "decisionRefTenantId" -> shown
                        + " reaches another tenant's deployments; a tenant's workflow calls only its own and the shared ones";
                case "formKey" -> externalFormKey(value) ? shown + "=\"" + shorten(value) + "\" points at a form "
                        + "outside the deployment; use parley:review, parley:appeal, parley:arbitration, "
                        + "parley:calibration or a form in the same deployment (camunda-forms:deployment:…)" : null;
                case "type" -> camunda ? shown + "=\"" + shorten(value) + "\" makes this an external task or a "
                        + "connector: Parley runs no workers for them, and they hand the process's variables to "
                        + "whoever fetches them" : null;
                default -> null;
            };
            if (reason != null) {
                add(frame, reason);
                return;
            }
            if (!allowed(frame, local, value)) {
                expressionProblem(value).ifPresent(problem -> add(frame, shown + ": " + problem));
            }
        }

        private static boolean allowed(Frame frame, String attribute, String value) {
            return PARLEY_STEPS.getOrDefault(frame.localName + "@" + attribute, Set.of()).contains(value);
        }
    }

    /** A form key that names something outside the deployment (the web app, a URL, another scheme). */
    static boolean externalFormKey(String formKey) {
        String key = formKey.trim();
        if (hasExpression(key)) {
            return false; // the expression grammar decides
        }
        if (key.startsWith("parley:")) {
            return key.indexOf(':', "parley:".length()) >= 0;
        }
        for (String inDeployment : List.of("camunda-forms:deployment:", "embedded:deployment:", "deployment:")) {
            if (key.startsWith(inDeployment)) {
                String rest = key.substring(inDeployment.length());
                return rest.contains(":") || rest.contains("..") || rest.contains("\\");
            }
        }
        return key.contains(":") || key.contains("..") || key.contains("\\");
    }

    static boolean hasExpression(String text) {
        return text.contains("${") || text.contains("#{");
    }

    /**
     * Why an attribute value or a text is refused as an expression, or empty when every
     * {@code ${…}} and {@code #{…}} in it stays within Parley's grammar: variable names and
     * property paths ({@code a.b}), string, number, boolean and null literals, the operators
     * {@code == != < > <= >= && || ! + - * / % ?:} and their word forms ({@code eq ne lt gt le ge
     * and or not div mod empty}). Everything else is refused: parentheses (calls, functions and
     * grouping alike), brackets, commas, the engine's objects ({@code execution}, {@code task}, …),
     * Parley's beans, and properties that lead to classes ({@code .class}).
     */
    static Optional<String> expressionProblem(String text) {
        int from = 0;
        while (true) {
            int dollar = text.indexOf("${", from);
            int hash = text.indexOf("#{", from);
            int start = dollar < 0 ? hash : hash < 0 ? dollar : Math.min(dollar, hash);
            if (start < 0) {
                return Optional.empty();
            }
            Optional<String> problem = new Expression(text, start).problem();
            if (problem.isPresent()) {
                return problem;
            }
            from = start + 2;
        }
    }

    private static String shorten(String text) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() <= 80 ? flat : flat.substring(0, 77) + "…";
    }

    /** One {@code ${…}} read token by token, as JUEL reads it, against Parley's grammar. */
    private static final class Expression {
        private final String text;
        private final int start;
        private int at;

        Expression(String text, int start) {
            this.text = text;
            this.start = start;
            this.at = start + 2;
        }

        private String refuse(String why) {
            int end = text.indexOf('}', at);
            String shown = text.substring(start, end < 0 ? text.length() : end + 1);
            return "the expression " + shorten(shown) + " " + why + "; expressions in Parley's workflows may use only "
                    + "variable names, literals and operators";
        }

        Optional<String> problem() {
            boolean afterDot = false;
            while (true) {
                while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                    at++;
                }
                if (at >= text.length()) {
                    return Optional.of(refuse("is not closed"));
                }
                char c = text.charAt(at);
                if (afterDot && !Character.isJavaIdentifierStart(c)) {
                    return Optional.of(refuse("has a '.' that is not followed by a property name"));
                }
                if (c == '}') {
                    return Optional.empty();
                }
                if (Character.isJavaIdentifierStart(c)) {
                    int end = at + 1;
                    while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
                        end++;
                    }
                    String word = text.substring(at, end);
                    at = end;
                    if (word.equals("instanceof")) {
                        return Optional.of(refuse("uses instanceof"));
                    }
                    if (afterDot && RESERVED_PROPERTIES.contains(word)) {
                        return Optional.of(refuse("reads the property '" + word + "', which leads to the engine or "
                                + "to Java classes"));
                    }
                    if (!afterDot && RESERVED_ROOTS.contains(word)) {
                        return Optional.of(refuse("names '" + word + "', "
                                + (word.startsWith("parley") ? "one of Parley's steps, outside the places Parley's own "
                                + "workflows name it" : "one of the engine's own objects")));
                    }
                    afterDot = false;
                    continue;
                }
                if (Character.isDigit(c) || (c == '.' && at + 1 < text.length() && Character.isDigit(text.charAt(at + 1)))) {
                    number();
                    continue;
                }
                if (c == '\'' || c == '"') {
                    if (!string(c)) {
                        return Optional.of(refuse("has a string that is not closed"));
                    }
                    continue;
                }
                if (c == '.') {
                    afterDot = true;
                    at++;
                    continue;
                }
                String operator = OPERATORS.stream().filter(op -> text.startsWith(op, at)).findFirst().orElse(null);
                if (operator != null && !text.startsWith("->", at)) {
                    at += operator.length();
                    continue;
                }
                return Optional.of(switch (c) {
                    case '(', ')' -> refuse("has parentheses: it could call a method or a function");
                    case '[', ']' -> refuse("indexes with [ ]");
                    default -> refuse("contains '" + c + "'");
                });
            }
        }

        private void number() {
            while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
                at++;
            }
            if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
                int exponent = at + 1;
                if (exponent < text.length() && (text.charAt(exponent) == '+' || text.charAt(exponent) == '-')) {
                    exponent++;
                }
                if (exponent < text.length() && Character.isDigit(text.charAt(exponent))) {
                    at = exponent;
                    while (at < text.length() && Character.isDigit(text.charAt(at))) {
                        at++;
                    }
                }
            }
        }

        private boolean string(char quote) {
            at++;
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == '\\') {
                    at += 2;
                    continue;
                }
                at++;
                if (c == quote) {
                    return true;
                }
            }
            return false;
        }
    }
}
