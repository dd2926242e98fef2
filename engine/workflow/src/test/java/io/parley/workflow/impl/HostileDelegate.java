package io.parley.workflow.impl;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a hostile file's {@code camunda:class} (or form handler class) names: a class on the
 * server's class path that writes the marker file named by the system property {@link #MARKER}
 * as soon as the engine instantiates it, and again when it runs.
 */
public class HostileDelegate implements JavaDelegate, ExecutionListener, TaskListener {
    static final String MARKER = "parley.test.hostile.marker";

    public HostileDelegate() {
        mark();
    }

    @Override
    public void execute(DelegateExecution execution) {
        mark();
    }

    @Override
    public void notify(DelegateExecution execution) {
        mark();
    }

    @Override
    public void notify(DelegateTask task) {
        mark();
    }

    static void mark() {
        String marker = System.getProperty(MARKER);
        if (marker != null) {
            try {
                Files.writeString(Path.of(marker), "pwned");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
