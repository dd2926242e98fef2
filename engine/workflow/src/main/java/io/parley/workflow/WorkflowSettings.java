package io.parley.workflow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How the workflow engine runs: its database (an H2 file under the data directory by default, or
 * a shared PostgreSQL/MySQL by JDBC URL, whose driver must then be on the classpath), the history
 * level, whether the job executor fires timers on its own, the sampling policy and the default
 * appeal window.
 *
 * @param history      Camunda history level: {@code full}, {@code audit}, {@code activity} or {@code none}
 * @param jobExecutor  false in tests, which fire timers themselves under a controlled clock
 * @param appealWindow how long an agent may appeal a reviewed score unless the instance says otherwise
 */
public record WorkflowSettings(String jdbcUrl, String jdbcUser, String jdbcPassword, String history,
                               boolean jobExecutor, SamplingPolicy sampling, Duration appealWindow) {
    public static final Duration DEFAULT_APPEAL_WINDOW = Duration.ofDays(3);

    public WorkflowSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(sampling, "sampling");
        history = history == null ? "full" : history;
        appealWindow = appealWindow == null ? DEFAULT_APPEAL_WINDOW : appealWindow;
        jdbcUser = jdbcUser == null ? "sa" : jdbcUser;
        jdbcPassword = jdbcPassword == null ? "" : jdbcPassword;
    }

    /** The default: an H2 database in {@code <dataDir>/workflow}, timers fired by the job executor. */
    public static WorkflowSettings h2File(Path dataDir, SamplingPolicy sampling) {
        Path file = dataDir.resolve("workflow").resolve("camunda").toAbsolutePath();
        // Closed with the engine (Parley's shutdown hook), not by H2's own hook, which could close it under the engine.
        return new WorkflowSettings("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE", null, null, "full", true, sampling, null);
    }

    /** A private in-memory database that lives as long as the engine (tests, benchmarks). */
    public static WorkflowSettings inMemory(SamplingPolicy sampling) {
        return new WorkflowSettings("jdbc:h2:mem:parley-workflow-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                null, null, "full", false, sampling, null);
    }

    public WorkflowSettings withJobExecutor(boolean on) {
        return new WorkflowSettings(jdbcUrl, jdbcUser, jdbcPassword, history, on, sampling, appealWindow);
    }

    /** The JDBC driver class for the URL's database. */
    public String jdbcDriver() {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return "org.postgresql.Driver";
        }
        if (jdbcUrl.startsWith("jdbc:mysql:")) {
            return "com.mysql.cj.jdbc.Driver";
        }
        if (jdbcUrl.startsWith("jdbc:mariadb:")) {
            return "org.mariadb.jdbc.Driver";
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return "org.h2.Driver";
        }
        throw new IllegalArgumentException("unsupported workflow database URL " + jdbcUrl
                + ": use jdbc:h2:, jdbc:postgresql:, jdbc:mysql: or jdbc:mariadb:");
    }

    /** The URL without credentials, for logs. */
    public String describe() {
        return withoutQuery(jdbcUrl);
    }

    /** A JDBC URL without its query, where drivers take credentials. */
    public static String withoutQuery(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }
}
