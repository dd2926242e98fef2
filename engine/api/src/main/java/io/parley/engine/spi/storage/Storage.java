package io.parley.engine.spi.storage;

import io.parley.engine.api.TenantId;

/**
 * Where Parley keeps everything: each tenant's data ({@link #tenant}) and the platform's own
 * records of tenants, users, API keys and console sessions. The MongoDB backend (embedded server or
 * a real {@code mongodb://} URI) implements it; every backend passes the same contract test suite.
 */
public interface Storage extends AutoCloseable {
    /** One tenant's stores; whether the tenant is registered in {@link #tenants()} is the caller's concern. */
    TenantStorage tenant(TenantId tenant);

    TenantStore tenants();

    UserStore users();

    ApiKeyStore apiKeys();

    SessionStore sessions();

    /** A short description for logs and the health endpoint, e.g. "embedded MongoDB at data/parley.mv.db". */
    String describe();

    /** Round-trips to the server; false when it cannot be reached. */
    boolean ping();

    /**
     * A real write round trip (a tiny upsert of the storage's own, in no collection that holds
     * data): false when storage answers but cannot store, e.g. a database file that was closed
     * after an I/O error. What readiness checks. By default {@link #ping()}.
     */
    default boolean writable() {
        return ping();
    }

    @Override
    void close();
}
