package io.parley.app;

import io.parley.engine.api.TenantId;
import io.parley.engine.api.security.Role;
import io.parley.engine.impl.security.AccessControl;
import io.parley.engine.spi.storage.Storage;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;

/** API keys for tests that call a running server: every route but health needs one. */
public final class TestKeys {
    private TestKeys() {
    }

    /** A new key of the role in the tenant (registered if it is not yet). */
    public static String create(Storage storage, TenantId tenant, Role role) {
        AccessControl access = new AccessControl(storage, Clock.systemUTC(), Duration.ofMinutes(30));
        access.createTenant(tenant, tenant.value(), "test", "");
        return access.createKey(tenant, role, role == Role.AGENT ? "a-17" : role.id(), null, "test", "").token();
    }

    /** A platform admin's key in the default tenant. */
    public static String admin(Storage storage) {
        return create(storage, TenantId.DEFAULT, Role.ADMIN);
    }

    /** A request carrying the key. */
    public static HttpRequest.Builder request(URI uri, String key) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key);
    }
}
