package io.parley.storage.mongo;

import io.parley.engine.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** docs/design.md: a storage backend implements the storage SPI and knows nothing of the pipeline or HTTP. */
class ArchitectureTest {

    @Test
    void theMongoBackendUsesOnlyTheApiTheDriverAndTheEmbeddedServer() {
        ArchitectureRules.usesOnlyTheApiAnd("io.parley.storage.mongo", "com.mongodb..", "org.bson..",
                "de.bwaldvogel.mongo..", "org.h2..", "io.netty.buffer..", "io.netty.channel..", "io.netty.util..",
                "javax.crypto..", "com.fasterxml.jackson..", "org.slf4j..")
                .check(ArchitectureRules.mainClasses("io.parley.storage"));
    }
}
