package io.parley.storage.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.parley.engine.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** docs/design.md: a storage backend implements the storage SPI and knows nothing of the pipeline or HTTP. */
class ArchitectureTest {

    @Test
    void theMongoBackendUsesOnlyTheApiTheDriverAndTheEmbeddedServer() {
        ArchitectureRules.usesOnlyTheApiAnd("io.parley.storage.mongo", "com.mongodb..", "org.bson..",
                "de.bwaldvogel.mongo..", "org.h2..", "io.netty.buffer..", "io.netty.channel..", "io.netty.util..",
                "javax.crypto..", "com.fasterxml.jackson..", "org.slf4j..")
                .check(ArchitectureRules.mainClasses("io.parley.storage"));
    }

    /**
     * docs/security.md: a tenant's collections are reached only through its database, which only
     * {@link MongoStorage#tenant} opens; a store handed a collection cannot reach another tenant's.
     * A query without a tenant would need a database of its own: this rule makes that a failure.
     */
    @Test
    void onlyTheStorageOpensDatabasesAndOnlyATenantsStorageOpensItsCollections() {
        var classes = ArchitectureRules.mainClasses("io.parley.storage");
        noClasses().that().doNotHaveFullyQualifiedName(MongoStorage.class.getName())
                .should().callMethod(MongoClient.class, "getDatabase", String.class)
                .because("databases are opened per tenant by MongoStorage.tenant() (and the platform's by MongoStorage)")
                .check(classes);
        noClasses().that().doNotHaveFullyQualifiedName(MongoStorage.class.getName())
                .and().doNotHaveFullyQualifiedName(MongoTenantStorage.class.getName())
                .should().callMethod(MongoDatabase.class, "getCollection", String.class)
                .because("a store gets its collection from its tenant's storage; it never picks a database")
                .check(classes);
    }
}
