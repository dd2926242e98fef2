package io.parley.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.app.cli.RuleFileTests;
import io.parley.engine.api.Hit;
import io.parley.engine.api.dialogue.DialogueReader;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.spi.RuleSetCompiler;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every template folder under examples/ (template.parley + dialogues.ndjson + expected.json) is a
 * test: the template compiles without errors and each sample dialogue gets exactly the expected
 * hits, score and grade, and, where listed, the checkpoint statuses (for the stages of an SOP:
 * passed, missing, out_of_order or not_applicable) and the expected evidence (turn
 * and matched text; null text for a whole turn). The
 * tests written in each template ({@code test "…" { … }}) run too, through the runner of
 * {@code parley test}.
 */
class ExampleTemplatesTest {
    private static final Path EXAMPLES = Path.of("").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicNode> everyTemplateMeetsItsExpectations() throws IOException {
        List<Path> folders;
        try (Stream<Path> children = Files.list(EXAMPLES)) {
            folders = children.filter(dir -> Files.isRegularFile(dir.resolve("template.parley"))).sorted().toList();
        }
        assertThat(folders).as("template folders under " + EXAMPLES).isNotEmpty();
        return folders.stream().map(folder -> DynamicContainer.dynamicContainer(folder.getFileName().toString(),
                templateTests(folder)));
    }

    private static Stream<DynamicNode> templateTests(Path folder) {
        try {
            String source = Files.readString(folder.resolve("template.parley"));
            RuleSetCompiler.Compilation compilation = ServiceLoader.load(RuleSetCompiler.class).findFirst().orElseThrow()
                    .compile(folder.getFileName() + "/template.parley", source);
            assertThat(compilation.hasErrors()).as(compilation.render()).isFalse();
            assertThat(compilation.diagnostics()).as("the shipped template has no warnings:\n" + compilation.render()).isEmpty();
            RuleSetEvaluator evaluator = RuleSetEvaluator.compile(compilation.definition());
            JsonNode expected = JSON.readTree(folder.resolve("expected.json").toFile());
            DialogueReader reader = new DialogueReader();
            List<DynamicNode> tests = new ArrayList<>();
            List<String> lines = Files.readAllLines(folder.resolve("dialogues.ndjson")).stream().filter(l -> !l.isBlank()).toList();
            assertThat(lines).hasSizeGreaterThanOrEqualTo(20);
            for (String line : lines) {
                Dialogue dialogue = reader.read(line);
                JsonNode expectation = expected.get(dialogue.id());
                tests.add(DynamicTest.dynamicTest(dialogue.id(), () -> {
                    assertThat(expectation).as("expected.json has an entry for " + dialogue.id()).isNotNull();
                    assertMeets(evaluator.evaluate(dialogue), expectation);
                }));
            }
            assertThat(expected.size()).as("expected.json entries vs dialogues").isEqualTo(lines.size());
            compilation.definition().tests().forEach(test -> tests.add(DynamicTest.dynamicTest("test: " + test.name(), () -> {
                RuleFileTests.Outcome outcome = RuleFileTests.run(test, evaluator);
                assertThat(outcome.passed()).as(outcome.failures().stream()
                        .map(failure -> failure.origin() + ": " + failure.expected() + "\n  found " + failure.found())
                        .collect(Collectors.joining("\n"))).isTrue();
            })));
            return tests.stream();
        } catch (IOException e) {
            throw new AssertionError("cannot read template folder " + folder, e);
        }
    }

    private static void assertMeets(EvaluationResult result, JsonNode expectation) {
        List<String> expectedHits = new ArrayList<>();
        expectation.get("hits").forEach(h -> expectedHits.add(h.asText()));
        assertThat(result.hits()).extracting(Hit::rule).as("hits").containsExactlyInAnyOrderElementsOf(expectedHits);
        assertThat(result.score().value()).as("score").isEqualTo(expectation.get("score").asDouble());
        assertThat(result.score().grade()).as("grade").isEqualTo(expectation.get("grade").asText());
        JsonNode checkpoints = expectation.get("checkpoints");
        if (checkpoints != null) {
            List<String> expectedStatuses = new ArrayList<>();
            checkpoints.properties().forEach(entry -> expectedStatuses.add(entry.getKey() + "=" + entry.getValue().asText()));
            // A failed stage of an SOP is listed by why it failed: missing or out_of_order.
            assertThat(result.checkpoints()).extracting(c -> c.checkpoint() + "="
                            + (c.reason() != null ? c.reason() : c.status()).name().toLowerCase())
                    .as("checkpoints").containsExactlyInAnyOrderElementsOf(expectedStatuses);
        }
        JsonNode evidence = expectation.get("evidence");
        if (evidence == null) {
            return;
        }
        evidence.properties().forEach(entry -> {
            List<String> expectedEvidence = new ArrayList<>();
            entry.getValue().forEach(pair -> expectedEvidence.add(pair.get(0).asInt() + ":" + pair.get(1).asText()));
            Hit hit = result.hits().stream().filter(h -> h.rule().equals(entry.getKey())).findFirst().orElseThrow();
            assertThat(hit.evidence()).extracting(e -> e.turn() + ":" + e.text())
                    .as("evidence of " + entry.getKey()).containsExactlyInAnyOrderElementsOf(expectedEvidence);
        });
    }
}
