package io.parley.engine.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * Whose data something is. Everything a brand stores (dialogues, results, rule sets, models,
 * verdicts, workflows, keys) belongs to one tenant; ids are unique within a tenant only. An id is
 * 1–40 lowercase letters, digits and hyphens, starting with a letter or digit, so it can name a
 * database, a directory and a Camunda tenant as it is.
 */
public record TenantId(String value) implements Comparable<TenantId> {
    // Before DEFAULT: the constructor checks against it.
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    /** Where data stored before tenants existed lands, and the tenant of a single-brand installation. */
    public static final TenantId DEFAULT = new TenantId("default");

    public TenantId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid tenant id '" + value + "': use 1-40 lowercase letters, digits "
                    + "and hyphens, starting with a letter or digit (e.g. acme-retail)");
        }
    }

    @JsonCreator
    public static TenantId of(String value) {
        return new TenantId(value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public int compareTo(TenantId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
