package io.parley.engine.spi.storage;

import io.parley.engine.api.TenantId;
import io.parley.engine.api.security.Role;

import java.time.Instant;
import java.util.Optional;

/** Console sessions, by a hash of their cookie's token (the token itself is only in the browser). */
public interface SessionStore {
    /** @param csrfToken what a state-changing request made with this session's cookie must also send */
    record Session(String tokenHash, String user, TenantId tenant, Role role, String csrfToken,
                   Instant createdAt, Instant lastSeenAt) {
    }

    void create(Session session);

    Optional<Session> find(String tokenHash);

    void touch(String tokenHash, Instant seenAt);

    void delete(String tokenHash);

    /** Removes the sessions last seen before this instant; returns how many. */
    long deleteIdleSince(Instant before);
}
