package io.parley.workflow.sop;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.Task;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.camunda.bpm.model.xml.ModelException;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The expected flow of a conversation (an SOP): its stages in order, each with the keywords that
 * mark an agent's turn as belonging to it and the points it is worth. Drawn as a BPMN process whose
 * tasks follow each other from the start event, each task carrying a
 * {@code camunda:property name="keywords"} (comma- or 、-separated), so the same Modeler that draws
 * scoring workflows draws SOPs.
 *
 * <p>Points: a task's {@code points} property, else the process's {@code points} property (the same
 * for every stage), else an equal share of what the stages with their own points leave of 100.
 */
public record SopFlow(String id, String name, List<Stage> stages) {
    public static final String KEYWORDS_PROPERTY = "keywords";
    public static final String POINTS_PROPERTY = "points";
    /** What the stages are worth together when no points are given. */
    public static final double DEFAULT_TOTAL = 100.0;

    public SopFlow {
        stages = List.copyOf(stages);
    }

    /** The sum of the stages' points: the score of a dialogue that passes every stage. */
    public double maxScore() {
        return round(stages.stream().mapToDouble(Stage::points).sum());
    }

    /** Sums of shares such as 100/3 to 6 places, so three thirds make 100 rather than 100.00000000000001. */
    static double round(double points) {
        return Math.round(points * 1e6) / 1e6;
    }

    public record Stage(String id, String name, List<String> keywords, double points) {
        public Stage {
            keywords = List.copyOf(keywords);
        }

        /** The name as drawn, else the id. */
        public String label() {
            return name == null || name.isBlank() ? id : name;
        }
    }

    /**
     * Reads the first process of a BPMN file.
     *
     * @throws IllegalArgumentException naming the element when the file is not a sequence of tasks with keywords
     */
    public static SopFlow fromBpmn(InputStream bpmn) {
        return fromBpmn(bpmn, null);
    }

    /**
     * Reads one process of a BPMN file.
     *
     * @param processId the process's id, or null for the file's first process
     * @throws IllegalArgumentException naming the element when the process is not a sequence of tasks with keywords
     */
    public static SopFlow fromBpmn(InputStream bpmn, String processId) {
        BpmnModelInstance model;
        try {
            model = Bpmn.readModelFromStream(bpmn);
        } catch (ModelException e) {
            throw new IllegalArgumentException("not a BPMN file: " + e.getMessage(), e);
        }
        Collection<Process> processes = model.getModelElementsByType(Process.class);
        if (processes.isEmpty()) {
            throw new IllegalArgumentException("the BPMN file defines no process");
        }
        Process process = processId == null ? processes.iterator().next() : processes.stream()
                .filter(candidate -> processId.equals(candidate.getId())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the BPMN file has no process " + processId));
        Double processPoints = points(process.getExtensionElements(), "process " + process.getId());
        List<StartEvent> starts = process.getChildElementsByType(StartEvent.class).stream().toList();
        if (starts.size() != 1) {
            throw new IllegalArgumentException("an SOP process needs exactly one start event; " + process.getId()
                    + " has " + starts.size());
        }
        // From the flows' sourceRef rather than <bpmn:outgoing>, which hand-written files often leave out.
        Map<String, List<SequenceFlow>> outgoingOf = new HashMap<>();
        process.getChildElementsByType(SequenceFlow.class).forEach(flow ->
                outgoingOf.computeIfAbsent(flow.getSource().getId(), k -> new ArrayList<>()).add(flow));
        List<Task> tasks = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        FlowNode node = starts.getFirst();
        while (node != null && visited.add(node.getId())) {
            if (node instanceof Task task) {
                tasks.add(task);
            }
            List<SequenceFlow> outgoing = outgoingOf.getOrDefault(node.getId(), List.of());
            if (outgoing.size() > 1) {
                throw new IllegalArgumentException("an SOP is a sequence of stages: " + node.getId() + " has "
                        + outgoing.size() + " outgoing flows");
            }
            node = outgoing.isEmpty() ? null : outgoing.getFirst().getTarget();
        }
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("the SOP process " + process.getId() + " has no tasks (stages)");
        }
        return new SopFlow(process.getId(), process.getName(), stages(tasks, processPoints));
    }

    private static List<Stage> stages(List<Task> tasks, Double processPoints) {
        List<Double> given = new ArrayList<>();
        double givenSum = 0;
        int withoutPoints = 0;
        for (Task task : tasks) {
            Double points = points(task.getExtensionElements(), "stage " + task.getId());
            if (points == null) {
                points = processPoints;
            }
            given.add(points);
            if (points == null) {
                withoutPoints++;
            } else {
                givenSum += points;
            }
        }
        double share = withoutPoints == 0 ? 0 : (DEFAULT_TOTAL - givenSum) / withoutPoints;
        if (withoutPoints > 0 && share <= 0) {
            throw new IllegalArgumentException("the stages with points already give " + givenSum + " of "
                    + DEFAULT_TOTAL + ", leaving nothing for the " + withoutPoints + " without: give every stage a "
                    + POINTS_PROPERTY + " property");
        }
        List<Stage> stages = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            if (!labels.add(task.getName() == null || task.getName().isBlank() ? task.getId() : task.getName())) {
                throw new IllegalArgumentException("stage " + task.getId() + ": two stages are named " + task.getName()
                        + "; a report names stages by name, so give each its own");
            }
            stages.add(new Stage(task.getId(), task.getName(), keywords(task),
                    given.get(i) == null ? share : given.get(i)));
        }
        return stages;
    }

    /** The {@code points} property of an element, or null when it has none. */
    private static Double points(ExtensionElements extensions, String element) {
        String value = property(extensions, POINTS_PROPERTY);
        if (value == null) {
            return null;
        }
        try {
            double points = Double.parseDouble(value.trim());
            if (points >= 0 && !Double.isInfinite(points)) {
                return points;
            }
        } catch (NumberFormatException e) {
            // reported below, naming the element
        }
        throw new IllegalArgumentException(element + ": the " + POINTS_PROPERTY
                + " property must be a number of at least 0, was '" + value + "'");
    }

    private static String property(ExtensionElements extensions, String name) {
        if (extensions == null) {
            return null;
        }
        for (CamundaProperties properties : extensions.getChildElementsByType(CamundaProperties.class)) {
            for (CamundaProperty property : properties.getCamundaProperties()) {
                if (name.equals(property.getCamundaName()) && property.getCamundaValue() != null) {
                    return property.getCamundaValue();
                }
            }
        }
        return null;
    }

    private static List<String> keywords(Task task) {
        ExtensionElements extensions = task.getExtensionElements();
        List<String> keywords = new ArrayList<>();
        if (extensions != null) {
            for (CamundaProperties properties : extensions.getChildElementsByType(CamundaProperties.class)) {
                for (CamundaProperty property : properties.getCamundaProperties()) {
                    if (KEYWORDS_PROPERTY.equals(property.getCamundaName()) && property.getCamundaValue() != null) {
                        Arrays.stream(property.getCamundaValue().split("[,，、]")).map(String::trim)
                                .filter(keyword -> !keyword.isEmpty()).forEach(keywords::add);
                    }
                }
            }
        }
        if (keywords.isEmpty()) {
            throw new IllegalArgumentException("stage " + task.getId() + " (" + task.getName() + ") has no keywords: add "
                    + "a camunda:property name=\"" + KEYWORDS_PROPERTY + "\" with comma-separated keywords");
        }
        return keywords;
    }
}
