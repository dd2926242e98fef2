package io.parley.engine.spi.storage;

import io.parley.engine.api.TenantId;
import io.parley.engine.api.security.Role;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** People who sign in to the console. A user name is unique across the installation; a user belongs to one tenant. */
public interface UserStore {
    /**
     * @param passwordHash the password as the KDF encoded it (algorithm, parameters, salt and hash), never the password
     */
    record User(String name, TenantId tenant, Role role, String passwordHash, Instant createdAt) {
    }

    /** @return false when the name is taken (the stored user is left as it is) */
    boolean create(User user);

    /** Replaces the stored user of this name (a new role or password). */
    void update(User user);

    Optional<User> find(String name);

    /** The tenant's users, by name. */
    List<User> forTenant(TenantId tenant);
}
