package io.parley.engine.spi.workflow;

import java.util.List;

/** Who is acting on a workflow: a user id and the candidate groups they belong to (e.g. {@code qa}). */
public record Actor(String user, List<String> groups) {
    public Actor {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("an actor needs a user id");
        }
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
