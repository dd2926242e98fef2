package io.parley.engine.api.security;

import io.parley.engine.api.TenantId;

/**
 * Who is making a request: signed in to the console, holding an API key, or named by a trusted
 * proxy. Everything they read or change is their tenant's.
 *
 * @param actor   the user name, or {@code key:<id>} for an API key: what the audit log records
 * @param agentId the service agent they are, for {@link Role#AGENT}: a user's name, a key's name
 * @param address the client's IP address
 */
public record Principal(TenantId tenant, String actor, Role role, String agentId, String address) {
    public boolean may(Permission permission) {
        return role.may(permission);
    }

    /** Whether this caller may see what concerns the given agent (everyone but an agent sees every agent's). */
    public boolean sees(String agent) {
        return !role.seesOnlyOwn() || (agentId != null && agentId.equals(agent));
    }
}
