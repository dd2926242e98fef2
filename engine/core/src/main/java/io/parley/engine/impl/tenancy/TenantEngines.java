package io.parley.engine.impl.tenancy;

import io.parley.engine.api.TenantId;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The engines of the tenants that have been used since the process started, each built on first
 * use (its published rule sets compiled then) and closed with this.
 */
public final class TenantEngines implements AutoCloseable {
    private final Function<TenantId, TenantEngine> factory;
    private final Map<TenantId, TenantEngine> engines = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public TenantEngines(Function<TenantId, TenantEngine> factory) {
        this.factory = factory;
    }

    /** The tenant's engine, built now if it is the tenant's first request. */
    public TenantEngine of(TenantId tenant) {
        if (closed) {
            throw new IllegalStateException("the server is shutting down");
        }
        return engines.computeIfAbsent(tenant, factory);
    }

    @Override
    public void close() {
        closed = true;
        engines.values().forEach(TenantEngine::close);
        engines.clear();
    }
}
