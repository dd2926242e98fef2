package io.parley.engine.spi.storage;

import io.parley.engine.api.TenantId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The tenants of this installation. */
public interface TenantStore {
    record Tenant(TenantId id, String name, Instant createdAt) {
    }

    /** @return false when a tenant with this id exists already (it is left as it is) */
    boolean create(Tenant tenant);

    Optional<Tenant> find(TenantId id);

    /** Every tenant, by id. */
    List<Tenant> all();
}
