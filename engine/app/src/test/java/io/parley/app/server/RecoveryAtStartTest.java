package io.parley.app.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.TenantId;
import io.parley.engine.api.Turn;
import io.parley.engine.spi.storage.Storage;
import io.parley.storage.mongo.StorageFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dialogues stored (acknowledged) by a previous process that was killed before evaluating them are
 * evaluated when the server starts, without anyone asking for their result.
 */
class RecoveryAtStartTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void storedDialoguesWithoutAResultAreEvaluatedAtStart(@TempDir Path dataDir) throws Exception {
        PrometheusMeterRegistry metrics = ParleyServer.newMetrics();
        RuleSetLoader loader = new RuleSetLoader(System.err, metrics);
        Storage storage = StorageFactory.open(dataDir, null);
        RuleSetLoader.Loaded example = loader.publish(loader.example(), storage.tenant(TenantId.DEFAULT));
        // As if acknowledged by a process killed before its workers got to them.
        for (String id : List.of("lost-1", "lost-2")) {
            storage.tenant(TenantId.DEFAULT).dialogues().save(new Dialogue(id, null, null, null, null, null,
                    List.of(new Turn("customer", "hello"), new Turn("agent", "how can I help?")), null, null));
        }

        try (ParleyServer server = new ParleyServer(storage, example.evaluator(), metrics)) {
            server.startHttp("127.0.0.1", 0);

            assertThat(server.awaitRecoveryQueued(WAIT)).isTrue();
            assertThat(server.ingestor().awaitIdle(WAIT)).isTrue();
            for (String id : List.of("lost-1", "lost-2")) {
                assertThat(storage.tenant(TenantId.DEFAULT).results().find(id, example.evaluator().ruleset()))
                        .as(id).isPresent();
            }
        }
    }
}
