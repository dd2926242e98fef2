package io.parley.app.cli;

import io.parley.app.CliException;
import io.parley.engine.spi.storage.Storage;
import io.parley.workflow.SamplingPolicy;
import io.parley.workflow.WorkflowNotification;
import io.parley.workflow.WorkflowSettings;
import io.parley.workflow.impl.CamundaScoringWorkflow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;

/** Where the workflow engine keeps its state, and the default workflow's sampling policy and appeal window. */
final class WorkflowOptions {
    private static final Logger log = LoggerFactory.getLogger(WorkflowOptions.class);

    @Option(names = "--workflow-jdbc-url", defaultValue = "${env:PARLEY_WORKFLOW_JDBC_URL}", paramLabel = "URL",
            description = "Database of the workflow engine, e.g. jdbc:postgresql://db:5432/parley (driver jar on the "
                    + "classpath; default: $PARLEY_WORKFLOW_JDBC_URL; unset = H2 file under <data-dir>/workflow).")
    String jdbcUrl;

    @Option(names = "--workflow-jdbc-user", defaultValue = "${env:PARLEY_WORKFLOW_JDBC_USER}", paramLabel = "USER")
    String jdbcUser;

    @Option(names = "--workflow-jdbc-password", defaultValue = "${env:PARLEY_WORKFLOW_JDBC_PASSWORD}", paramLabel = "PASSWORD",
            description = "Better given as $PARLEY_WORKFLOW_JDBC_PASSWORD, which stays out of the process list.")
    String jdbcPassword;

    @Option(names = "--sample-below", defaultValue = "60", paramLabel = "SCORE",
            description = "Send every dialogue scoring below this to review (default: ${DEFAULT-VALUE}; negative = off).")
    double sampleBelow;

    @Option(names = "--sample-percent", defaultValue = "5", paramLabel = "PERCENT",
            description = "Share of the other dialogues sent to review at random (default: ${DEFAULT-VALUE}).")
    double samplePercent;

    @Option(names = "--sample-vetoes", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "Send every vetoed dialogue to review (default: ${DEFAULT-VALUE}).")
    boolean sampleVetoes;

    @Option(names = "--sample-confidence", defaultValue = "0.5", paramLabel = "THRESHOLD",
            description = "Send dialogues with a hit whose confidence is within --sample-margin of this (default: ${DEFAULT-VALUE}; negative = off).")
    double confidenceThreshold;

    @Option(names = "--sample-margin", defaultValue = "0.1", paramLabel = "MARGIN")
    double confidenceMargin;

    @Option(names = "--appeal-window", defaultValue = "P3D", paramLabel = "DURATION",
            description = "How long an agent may appeal a reviewed score, ISO-8601 (default: ${DEFAULT-VALUE}).")
    String appealWindow;

    /**
     * The engine on the configured database; bad options are the user's to fix.
     *
     * @param fireTimers whether its job executor fires due timers (serving) or not (a one-off command)
     */
    CamundaScoringWorkflow open(Path dataDir, Storage storage, boolean fireTimers) {
        WorkflowSettings settings;
        try {
            SamplingPolicy sampling = new SamplingPolicy(sampleVetoes, sampleBelow < 0 ? null : sampleBelow,
                    confidenceThreshold < 0 ? null : confidenceThreshold, confidenceMargin, samplePercent, null);
            WorkflowSettings database = usesH2File() ? WorkflowSettings.h2File(dataDir, sampling)
                    : new WorkflowSettings(jdbcUrl, jdbcUser, jdbcPassword, "full", true, sampling, null);
            settings = new WorkflowSettings(database.jdbcUrl(), database.jdbcUser(), database.jdbcPassword(), "full",
                    fireTimers, sampling, Duration.parse(appealWindow));
            settings.jdbcDriver();
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new CliException("workflow options: " + e.getMessage(), 2);
        }
        try {
            return CamundaScoringWorkflow.open(settings, storage, logNotifications());
        } catch (IllegalStateException e) {
            throw new CliException(e.getMessage(), 2);
        }
    }

    /** Where the workflow state lives, without credentials. */
    String describe(Path dataDir) {
        return usesH2File() ? "H2 file under " + dataDir.resolve("workflow") : WorkflowSettings.withoutQuery(jdbcUrl);
    }

    private boolean usesH2File() {
        return jdbcUrl == null || jdbcUrl.isBlank();
    }

    private static Consumer<WorkflowNotification> logNotifications() {
        return notification -> log.info("notify {}: {}", notification.agentId(), notification.message());
    }
}
