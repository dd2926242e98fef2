package io.parley.engine.spi.workflow;

import java.util.List;

/**
 * Who is acting on a workflow: a user id, the candidate groups they belong to (e.g. {@code qa}),
 * and their tenant (null for the default tenant); they see only their tenant's tasks.
 */
public record Actor(String user, List<String> groups, String tenant) {
    public Actor {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("an actor needs a user id");
        }
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** An actor of the default tenant. */
    public Actor(String user, List<String> groups) {
        this(user, groups, null);
    }
}
