package io.parley.engine.spi.storage;

import io.parley.engine.api.security.Principal;

import java.time.Instant;
import java.util.List;

/** A tenant's audit log: who did what, when, from which address. Appended to, never changed. */
public interface AuditLog {
    /**
     * @param actor   the user or key ({@code key:<id>}) that acted
     * @param action  e.g. {@code auth.sign-in}, {@code key.create}, {@code ruleset.publish}
     * @param target  what it acted on (a key id, {@code ruleset-id@version}, a dialogue id), may be empty
     * @param address the client's IP address, may be empty (a command on the data directory)
     */
    record AuditEvent(Instant at, String actor, String action, String target, String detail, String address) {
        /** What the caller did, now. */
        public static AuditEvent by(Principal caller, String action, String target, String detail) {
            return new AuditEvent(Instant.now(), caller.actor(), action, target == null ? "" : target,
                    detail == null ? "" : detail, caller.address() == null ? "" : caller.address());
        }
    }

    void record(AuditEvent event);

    /**
     * Events in {@code [from, to)}, newest first, at most {@code limit}; {@code action} null for any,
     * else an action or a prefix ending in '.' ({@code key.} for every key event).
     */
    List<AuditEvent> find(Instant from, Instant to, String action, int limit);
}
