package io.parley.app.server;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.app.CliException;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.impl.plugin.PluginRegistry;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.engine.spi.plugin.ResultSinkPlugin;
import io.parley.engine.api.TenantId;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.storage.TenantStorage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The result sinks a sinks file configures, e.g.
 * {@code [{"plugin": "webhook", "tenant": "acme", "config": {"url": "https://qa.acme.example/parley", "secret": "…"}}]}:
 * every stored result is handed to each sink, or with {@code tenant} only the results of that
 * tenant. The file is the operator's: a sink without a tenant takes every tenant's results. What a
 * sink cannot deliver lands in its tenant's dead letters (the default tenant's for a sink of all).
 */
public final class ResultSinks implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record SinkUse(String plugin, String tenant, Map<String, Object> config) {
    }

    /** A sink and the tenant whose results it takes, or null for every result. */
    private record Sink(ResultSinkPlugin.ResultSink sink, TenantId tenant) {
    }

    private final List<Sink> sinks;

    private ResultSinks(List<Sink> sinks) {
        this.sinks = sinks;
    }

    public static ResultSinks none() {
        return new ResultSinks(List.of());
    }

    /** Opens the sinks of {@code file}, or none when it is null; a bad file is a user error naming the sink. */
    public static ResultSinks open(Path file, PluginRegistry plugins, Storage storage) {
        if (file == null) {
            return none();
        }
        List<SinkUse> uses;
        try {
            uses = JSON.readValue(file.toFile(), new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new CliException("sinks file " + file + ": " + e.getMessage()
                    + " (expected a JSON array of {\"plugin\": …, \"config\": {…}})", 2);
        }
        List<Sink> opened = new ArrayList<>();
        for (int i = 0; i < uses.size(); i++) {
            SinkUse use = uses.get(i);
            try {
                if (use.tenant() != null && use.tenant().isBlank()) {
                    throw new PluginException("'tenant' is blank: name the tenant whose results this sink takes, or leave it out for all");
                }
                TenantId tenant;
                try {
                    tenant = use.tenant() == null ? null : TenantId.of(use.tenant());
                } catch (IllegalArgumentException e) {
                    throw new PluginException("'tenant': " + e.getMessage());
                }
                ResultSinkPlugin plugin = plugins.resultSink(String.valueOf(use.plugin()));
                opened.add(new Sink(plugin.open(plugins.configure(plugin, use.config() == null ? Map.of() : use.config()),
                        context(storage.tenant(tenant == null ? TenantId.DEFAULT : tenant))), tenant));
            } catch (PluginException e) {
                opened.forEach(sink -> sink.sink().close());
                throw new CliException("sinks file " + file + ", sink " + (i + 1) + ": " + e.getMessage(), 2);
            }
        }
        return new ResultSinks(List.copyOf(opened));
    }

    private static ResultSinkPlugin.SinkContext context(TenantStorage storage) {
        return new ResultSinkPlugin.SinkContext() {
            @Override
            public ResultSinkPlugin.DeadLetters deadLetters() {
                return storage.deadLetters();
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }
        };
    }

    int size() {
        return sinks.size();
    }

    /** Hands a tenant's stored result to the sinks for it. */
    public void accept(TenantId tenant, EvaluationResult result) {
        for (Sink sink : sinks) {
            if (sink.tenant() == null || sink.tenant().equals(tenant)) {
                sink.sink().deliver(result);
            }
        }
    }

    /** Lets each sink drain (within its own time budget); undelivered results become dead letters. */
    @Override
    public void close() {
        sinks.forEach(sink -> sink.sink().close());
    }
}
