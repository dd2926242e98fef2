package io.parley.app.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.engine.impl.lifecycle.CompiledVersions;
import io.parley.engine.impl.lifecycle.PublishedRuleSets;
import io.parley.engine.impl.lifecycle.RuleSetChecker;
import io.parley.engine.impl.lifecycle.RuleSetLifecycle;
import io.parley.engine.spi.storage.Storage;

/**
 * The rule-set lifecycle over the storage of the command line's {@code --data-dir} / {@code
 * --mongo-uri}, for the {@code parley rules} commands; closing it closes the storage.
 */
final class LifecycleSession implements AutoCloseable {
    private final Storage storage;
    private final RuleSetChecker checker;
    private final PublishedRuleSets published;
    private final CompiledVersions compiled;
    private final RuleSetLifecycle lifecycle;

    LifecycleSession(StorageOptions options) {
        this.storage = options.open();
        this.checker = RuleSetChecker.installed(new SimpleMeterRegistry()).registeringModelsIn(storage.tenant(options.tenant()).models());
        this.published = new PublishedRuleSets(storage.tenant(options.tenant()).rulesets(), checker);
        this.compiled = new CompiledVersions(storage.tenant(options.tenant()).rulesets(), checker);
        this.lifecycle = new RuleSetLifecycle(storage.tenant(options.tenant()).rulesets(), checker, published, compiled);
    }

    Storage storage() {
        return storage;
    }

    RuleSetChecker checker() {
        return checker;
    }

    RuleSetLifecycle lifecycle() {
        return lifecycle;
    }

    @Override
    public void close() {
        published.close();
        compiled.close();
        storage.close();
    }
}
