package io.parley.storage.mongo;

import io.parley.engine.api.TenantId;
import io.parley.engine.spi.storage.DialogueStore;
import io.parley.engine.spi.storage.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded store's file closed under a running server (what H2 does after its writer fails):
 * the server still answers a ping, but {@link Storage#writable()} says false and a write fails
 * instead of being acknowledged.
 */
class EmbeddedStoreHealthTest {
    @TempDir
    Path dataDir;

    @Test
    void aClosedStoreIsNotWritableThoughItStillAnswersAPing() {
        try (MongoStorage mongo = MongoStorage.embedded(dataDir)) {
            DialogueStore dialogues = mongo.tenant(TenantId.DEFAULT).dialogues();
            assertThat(mongo.writable()).isTrue();

            mongo.embeddedServer().store().closeImmediately();

            assertThat(mongo.ping()).as("a ping does not touch the file").isTrue();
            assertThat(mongo.writable()).isFalse();
            assertThatThrownBy(() -> dialogues.save(CrashWriter.dialogue("d-1")))
                    .isInstanceOf(RuntimeException.class);
        }
    }
}
