package io.parley.engine.spi.storage;

import io.parley.engine.spi.plugin.ResultSinkPlugin;

import java.time.Instant;
import java.util.List;

/**
 * Deliveries that a result sink gave up on (after its retries, or refused outright), kept with
 * the exact payload so that nothing is lost and each can be inspected or replayed. Sinks see only
 * {@link #add}; the console and operators read them back.
 */
public interface DeadLetterStore extends ResultSinkPlugin.DeadLetters {

    /**
     * One undelivered payload.
     *
     * @param destination where it was going (a webhook URL, a topic)
     * @param attempts    how many deliveries were tried (0 when it was never sent, e.g. a full queue)
     * @param reason      why the last attempt failed, in the user's terms
     * @param failedAt    when the sink gave up (stamped by the store)
     */
    record DeadLetter(String sinkId, String destination, String payload, int attempts, String reason, Instant failedAt) {
    }

    /** Stores it and returns once the write is acknowledged. */
    @Override
    void add(String sinkId, String destination, String payload, int attempts, String reason);

    long count();

    /** The {@code limit} (at least 1) most recent dead letters of one sink, newest first. */
    List<DeadLetter> list(String sinkId, int limit);
}
