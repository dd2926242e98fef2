package io.parley.storage.mongo;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.TenantId;
import io.parley.engine.api.Turn;
import io.parley.engine.spi.storage.DialogueStore;
import io.parley.engine.spi.storage.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ids and attribute keys that UTF-8 or BSON cannot hold are refused, never stored under another name. */
class DialogueKeysTest {
    @TempDir
    Path dataDir;
    private Storage storage;
    private DialogueStore dialogues;

    @BeforeEach
    void open() {
        storage = StorageFactory.open(dataDir, null);
        dialogues = storage.tenant(TenantId.DEFAULT).dialogues();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private static Dialogue dialogue(String id, Map<String, Object> attributes) {
        return new Dialogue(id, null, null, null, null, null, List.of(new Turn("agent", "hi")), null, attributes);
    }

    @Test
    void idsWithLoneSurrogatesAreRefusedNotCollapsed() {
        assertThatThrownBy(() -> dialogues.saveAll(List.of(dialogue("a\uD800", null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surrogate");
        assertThatThrownBy(() -> dialogues.save(dialogue("a\uDC00", null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(dialogues.count()).isZero();
    }
}
