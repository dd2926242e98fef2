package io.parley.engine.spi.plugin;

import io.parley.engine.api.EvaluationResult;

import java.time.Clock;

/** Delivers results somewhere else: a webhook, a queue, a data warehouse. */
public interface ResultSinkPlugin extends Plugin {

    ResultSink open(PluginConfig config, SinkContext context);

    /** What the engine lends a sink. */
    interface SinkContext {
        /** Where deliveries that failed for good are kept, so nothing is lost. */
        DeadLetters deadLetters();

        Clock clock();
    }

    interface DeadLetters {
        /** Keeps a payload that could not be delivered after {@code attempts} tries, with the last reason. */
        void add(String sinkId, String destination, String payload, int attempts, String reason);
    }

    /** Thread-safe; {@link #deliver} must not block the caller on the network (queue and retry in the background). */
    interface ResultSink extends AutoCloseable {
        void deliver(EvaluationResult result);

        /** Flushes what is queued (best effort within the sink's own time budget) and stops. */
        @Override
        void close();
    }
}
