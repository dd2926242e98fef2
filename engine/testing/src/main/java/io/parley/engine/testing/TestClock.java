package io.parley.engine.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test sets and moves by hand, for code that takes a {@link Clock} instead of calling
 * {@code Instant.now()}: timestamps become exact values to assert, and waits need no sleeping.
 * Thread-safe.
 */
public final class TestClock extends Clock {
    private volatile Instant now;
    private final ZoneId zone;

    public TestClock(Instant start) {
        this(start, ZoneOffset.UTC);
    }

    private TestClock(Instant start, ZoneId zone) {
        this.now = start;
        this.zone = zone;
    }

    public void set(Instant instant) {
        now = instant;
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new TestClock(now, zone);
    }
}
