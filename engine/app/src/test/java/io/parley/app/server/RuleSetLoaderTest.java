package io.parley.app.server;

import io.parley.engine.api.TenantId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.app.CliException;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.spi.storage.Storage;
import io.parley.storage.mongo.StorageFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which rule set `parley serve` evaluates with. */
class RuleSetLoaderTest {
    private static final String SHOP_V2 = """
            template "shop" version 2 language zh
            lexicon forbidden = ["不知道"]
            rule forbidden_phrase "禁语" severity major:
              agent says any forbidden
            scorecard quality base 100:
              forbidden_phrase -20
            """;

    private final RuleSetLoader loader = new RuleSetLoader(System.err, new SimpleMeterRegistry());
    private Storage storage;

    @BeforeEach
    void open(@TempDir Path dataDir) {
        storage = StorageFactory.open(dataDir, null);
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void withNothingPublishedTheBundledExampleIsPublishedAndServed() {
        RuleSetLoader.Loaded serving = loader.forServing(null, storage.tenant(TenantId.DEFAULT));

        assertThat(serving.ref()).isEqualTo(new RuleSetRef("ecommerce-presale", 6));
        assertThat(storage.tenant(TenantId.DEFAULT).rulesets().published("ecommerce-presale")).isPresent();
    }

    @Test
    void aRuleFileIsStoredPublishedAndThenServedWithoutTheFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("shop.parley"), SHOP_V2);

        assertThat(loader.forServing(file, storage.tenant(TenantId.DEFAULT)).ref()).isEqualTo(new RuleSetRef("shop", 2));

        RuleSetLoader.Loaded restarted = loader.forServing(null, storage.tenant(TenantId.DEFAULT));
        assertThat(restarted.ref()).isEqualTo(new RuleSetRef("shop", 2));
        assertThat(restarted.origin()).isEqualTo("published in storage");
    }

    @Test
    void changedSourceUnderAStoredVersionIsRefusedWithTheFix(@TempDir Path dir) throws IOException {
        loader.forServing(Files.writeString(dir.resolve("shop.parley"), SHOP_V2), storage.tenant(TenantId.DEFAULT));
        Path edited = Files.writeString(dir.resolve("shop-edited.parley"), SHOP_V2.replace("-20", "-30"));

        assertThatThrownBy(() -> loader.forServing(edited, storage.tenant(TenantId.DEFAULT)))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("shop version 2 is already stored with different source")
                .hasMessageContaining("bump 'version'");
    }
}
