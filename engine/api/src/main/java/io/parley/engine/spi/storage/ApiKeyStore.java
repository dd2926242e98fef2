package io.parley.engine.spi.storage;

import io.parley.engine.api.TenantId;
import io.parley.engine.api.security.Role;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API keys: their id, owner and a hash of their secret; the secret itself is shown once and never stored. */
public interface ApiKeyStore {
    /**
     * @param secretHash the KDF's encoding of the key's secret
     * @param expiresAt  null: never
     * @param revokedAt  null: not revoked
     * @param lastUsedAt null: never used (updated at most about once a minute)
     */
    record ApiKey(String id, TenantId tenant, Role role, String name, String secretHash, String createdBy,
                  Instant createdAt, Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {
        public boolean activeAt(Instant now) {
            return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
        }
    }

    void create(ApiKey key);

    Optional<ApiKey> find(String id);

    /** The tenant's keys, newest first. */
    List<ApiKey> forTenant(TenantId tenant);

    /** @return false when there is no such key or it was revoked already */
    boolean revoke(String id, Instant at);

    void touch(String id, Instant usedAt);
}
