package io.parley.http;

/**
 * A group of HTTP routes that plugs into Parley's one HTTP layer: the dialogue API, the rule-set
 * lifecycle, the model registry, the workflow API, the console. A module says which routes it has
 * and what each answers; {@link HttpApi} reads bodies, runs the work off the event loop, writes the
 * JSON and turns errors into problem JSON, the same way for every module.
 */
@FunctionalInterface
public interface RouteModule {

    /** Registers this module's routes; called once, before the server listens. */
    void register(Routes routes);
}
