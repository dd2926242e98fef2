package io.parley.app.cli;

import io.parley.app.CliException;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.dialogue.DialogueReader;
import io.parley.engine.api.dialogue.InvalidDialogueException;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.workflow.WorkflowDeployment;
import io.parley.engine.spi.workflow.WorkflowException;
import io.parley.workflow.impl.CamundaScoringWorkflow;
import io.parley.workflow.sop.SopConformance;
import io.parley.workflow.sop.SopFlow;
import io.parley.workflow.sop.SopReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "workflow", mixinStandardHelpOptions = true,
        description = "Manage scoring workflows (BPMN) and check dialogues against an SOP flow.",
        subcommands = {WorkflowCommand.Deploy.class, WorkflowCommand.Sop.class})
final class WorkflowCommand {

    @Command(name = "deploy", mixinStandardHelpOptions = true,
            description = {"Deploy a BPMN file (e.g. drawn in Camunda Modeler) to the workflow engine of the data directory.",
                    "A process id deployed again becomes its next version. Use the HTTP API while `parley serve` runs."})
    static final class Deploy implements Callable<Integer> {
        @Parameters(paramLabel = "FILE.bpmn", description = "The BPMN file.")
        Path file;

        @Option(names = "--shared", description = "Deploy for every tenant (the operator's own workflows), not for --tenant alone.")
        boolean shared;

        @Mixin
        StorageOptions storageOptions;

        @Mixin
        WorkflowOptions workflowOptions;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            byte[] bpmn;
            try {
                bpmn = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new CliException("cannot read " + file + ": " + e.getMessage(), 2);
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (Storage storage = storageOptions.open();
                 CamundaScoringWorkflow workflow = workflowOptions.open(storageOptions.dataDir, storage, false)) {
                String tenant = shared ? null : storageOptions.tenant().value();
                WorkflowDeployment deployment = workflow.deploy(tenant, file.getFileName().toString(), bpmn);
                out.printf("deployed %s%s:%n", deployment.fileName(), tenant == null ? "" : " for tenant " + tenant);
                deployment.processes().forEach(process -> out.printf("  %s v%d%s%n", process.key(), process.version(),
                        process.name() == null ? "" : "  (" + process.name() + ")"));
                return 0;
            } catch (WorkflowException e) {
                err.println("parley: " + e.getMessage());
                e.details().forEach(line -> err.println("  " + line));
                return 1;
            }
        }
    }

    /** 20 rather than 20.0; fractions to at most two places. */
    private static String points(double points) {
        return java.math.BigDecimal.valueOf(points).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
    }

    @Command(name = "sop", mixinStandardHelpOptions = true,
            description = {"Check dialogues (NDJSON, one per line) against an SOP flow drawn in BPMN.",
                    "Reports the stages missing, out of order or repeated, each with the turn that shows it (docs/workflows.md)."})
    static final class Sop implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FLOW.bpmn", description = "The expected flow: tasks in sequence, each with a keywords property.")
        Path flow;

        @Parameters(index = "1", paramLabel = "DIALOGUES.ndjson", description = "The dialogues to check.")
        Path dialogues;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            SopConformance sop;
            try (InputStream in = Files.newInputStream(flow)) {
                sop = new SopConformance(SopFlow.fromBpmn(in));
            } catch (IOException e) {
                throw new CliException("cannot read " + flow + ": " + e.getMessage(), 2);
            } catch (IllegalArgumentException e) {
                throw new CliException(flow + ": " + e.getMessage(), 2);
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            DialogueReader reader = new DialogueReader();
            int checked = 0;
            int conforming = 0;
            double scoreSum = 0;
            List<String> lines;
            try {
                lines = Files.readAllLines(dialogues);
            } catch (IOException e) {
                throw new CliException("cannot read " + dialogues + ": " + e.getMessage(), 2);
            }
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                Dialogue dialogue;
                try {
                    dialogue = reader.read(lines.get(i));
                } catch (InvalidDialogueException e) {
                    int line = i + 1;
                    e.errors().forEach(error -> err.printf("%s:%d: %s%n", dialogues, line, error));
                    continue;
                }
                SopReport report = sop.check(dialogue);
                checked++;
                scoreSum += report.score();
                String score = "score " + points(report.score()) + "/" + points(report.maxScore());
                if (report.conforms()) {
                    conforming++;
                    out.printf("%s  follows %s  %s%n", dialogue.id(), report.flow(), score);
                    continue;
                }
                out.printf("%s  %d deviation%s from %s  %s%n", dialogue.id(), report.deviations().size(),
                        report.deviations().size() == 1 ? "" : "s", report.flow(), score);
                report.stages().stream().filter(stage -> stage.status() != SopReport.Status.PASSED).forEach(stage ->
                        out.printf("  failed       %s (%s, -%s)%n", stage.stage(),
                                stage.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), points(stage.points())));
                for (SopReport.Deviation deviation : report.deviations()) {
                    out.printf("  %-12s %s%s%n", deviation.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                            deviation.detail(), deviation.turn() == null ? ""
                                    : "\n               turn " + (deviation.turn() + 1) + ": " + deviation.text());
                }
            }
            out.printf("%d dialogues checked, %d follow the flow%s%n", checked, conforming,
                    checked == 0 ? "" : ", mean score " + points(scoreSum / checked));
            return 0;
        }
    }
}
