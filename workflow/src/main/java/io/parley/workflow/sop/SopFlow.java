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
 * mark an agent's turn as belonging to it. Drawn as a BPMN process whose tasks follow each other
 * from the start event, each task carrying a {@code camunda:property name="keywords"} (comma- or
 * 、-separated), so the same Modeler that draws scoring workflows draws SOPs.
 */
public record SopFlow(String id, String name, List<Stage> stages) {
    public static final String KEYWORDS_PROPERTY = "keywords";

    public SopFlow {
        stages = List.copyOf(stages);
    }

    public record Stage(String id, String name, List<String> keywords) {
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
        Process process = processes.iterator().next();
        List<StartEvent> starts = process.getChildElementsByType(StartEvent.class).stream().toList();
        if (starts.size() != 1) {
            throw new IllegalArgumentException("an SOP process needs exactly one start event; " + process.getId()
                    + " has " + starts.size());
        }
        // From the flows' sourceRef rather than <bpmn:outgoing>, which hand-written files often leave out.
        Map<String, List<SequenceFlow>> outgoingOf = new HashMap<>();
        process.getChildElementsByType(SequenceFlow.class).forEach(flow ->
                outgoingOf.computeIfAbsent(flow.getSource().getId(), k -> new ArrayList<>()).add(flow));
        List<Stage> stages = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        FlowNode node = starts.getFirst();
        while (node != null && visited.add(node.getId())) {
            if (node instanceof Task task) {
                stages.add(new Stage(task.getId(), task.getName(), keywords(task)));
            }
            List<SequenceFlow> outgoing = outgoingOf.getOrDefault(node.getId(), List.of());
            if (outgoing.size() > 1) {
                throw new IllegalArgumentException("an SOP is a sequence of stages: " + node.getId() + " has "
                        + outgoing.size() + " outgoing flows");
            }
            node = outgoing.isEmpty() ? null : outgoing.getFirst().getTarget();
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("the SOP process " + process.getId() + " has no tasks (stages)");
        }
        return new SopFlow(process.getId(), process.getName(), stages);
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
