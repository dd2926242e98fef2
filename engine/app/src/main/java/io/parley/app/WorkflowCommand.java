package io.parley.app;

import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.workflow.WorkflowDeployment;
import io.parley.engine.spi.workflow.WorkflowException;
import io.parley.workflow.impl.CamundaScoringWorkflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "workflow", mixinStandardHelpOptions = true,
        description = "Manage scoring workflows (BPMN).", subcommands = WorkflowCommand.Deploy.class)
final class WorkflowCommand {

    @Command(name = "deploy", mixinStandardHelpOptions = true,
            description = "Deploy a BPMN file (e.g. drawn in Camunda Modeler) to the workflow engine of the data directory. "
                    + "A process id deployed again becomes its next version. Use the HTTP API while `parley serve` runs.")
    static final class Deploy implements Callable<Integer> {
        @Parameters(paramLabel = "FILE.bpmn", description = "The BPMN file.")
        Path file;

        @Option(names = "--tenant", paramLabel = "TENANT", description = "Deploy for this tenant only (default: for every tenant).")
        String tenant;

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
}
