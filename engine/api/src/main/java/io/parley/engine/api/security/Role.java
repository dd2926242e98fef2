package io.parley.engine.api.security;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.parley.engine.api.security.Permission.*;

/**
 * Who may do what: the one table of Parley's access policy. Every route names a {@link Permission};
 * a caller's role either holds it (for the caller's own tenant only, except {@link #ADMIN}'s tenant
 * management) or the request is refused with 403. {@link #AGENT} holds {@link Permission#DIALOGUES_READ}
 * and {@link Permission#TASKS_READ} for their own dialogues only ({@link #seesOnlyOwn()}).
 */
public enum Role {
    /** The platform's operator: tenants, keys and users of any tenant, metrics, and everything in their own tenant. */
    ADMIN(EnumSet.allOf(Permission.class)),
    /** A brand's administrator: keys, users, audit log, and everything else in the tenant. */
    TENANT_ADMIN(EnumSet.complementOf(EnumSet.of(TENANTS_MANAGE, METRICS_READ))),
    /** Writes rules, templates and workflows; submits dialogues; tries and backtests rule sets. */
    SOLUTION_ENGINEER(EnumSet.of(DIALOGUES_SUBMIT, DIALOGUES_READ, RULESETS_READ, RULESETS_EDIT, MODELS_READ,
            TASKS_READ, VERDICTS_READ, WORKFLOWS_DEPLOY, SESSION)),
    /** A brand's QA lead: reports, calibration, arbitration, and publishing tuned rule sets. */
    QA_LEAD(EnumSet.of(DIALOGUES_READ, RULESETS_READ, RULESETS_EDIT, RULESETS_PUBLISH, MODELS_READ, TASKS_READ,
            TASKS_REVIEW, TASKS_ARBITRATE, VERDICTS_READ, AUDIT_READ, SESSION)),
    /** Reviews sampled results: tasks and verdicts. */
    REVIEWER(EnumSet.of(DIALOGUES_READ, RULESETS_READ, MODELS_READ, TASKS_READ, TASKS_REVIEW, VERDICTS_READ, SESSION)),
    /** A service agent: their own dialogues' results and review tasks, and appeals. */
    AGENT(EnumSet.of(DIALOGUES_READ, TASKS_READ, TASKS_APPEAL, SESSION)),
    /** Looks, never touches: dialogues, results, rule sets, models, tasks and verdicts. */
    READ_ONLY(EnumSet.of(DIALOGUES_READ, RULESETS_READ, MODELS_READ, TASKS_READ, VERDICTS_READ, SESSION));

    private static final Map<String, Role> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toMap(Role::id, role -> role));
    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = Set.copyOf(permissions);
    }

    public boolean may(Permission permission) {
        return permissions.contains(permission);
    }

    public Set<Permission> permissions() {
        return permissions;
    }

    /** Whether the role reads only the dialogues, results and tasks of which it is the agent. */
    public boolean seesOnlyOwn() {
        return this == AGENT;
    }

    /** The name in APIs, keys and docs: {@code tenant-admin}, {@code qa-lead}, … */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException naming the roles there are */
    @JsonCreator
    public static Role of(String id) {
        Role role = id == null ? null : BY_NAME.get(id.trim().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (role == null) {
            throw new IllegalArgumentException("unknown role '" + id + "': use one of " + String.join(", ", BY_NAME.keySet().stream().sorted().toList()));
        }
        return role;
    }

    @Override
    public String toString() {
        return id();
    }
}
