package io.parley.app.server;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.app.CliException;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.impl.plugin.PluginRegistry;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.engine.spi.plugin.ResultSinkPlugin;
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
 * tenant's dialogues (their {@code tenant} attribute, as the workflows read it); what a sink cannot
 * deliver lands in storage's dead letters.
 */
public final class ResultSinks implements Consumer<EvaluationResult>, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TENANT_ATTRIBUTE = "tenant";

    private record SinkUse(String plugin, String tenant, Map<String, Object> config) {
    }

    /** A sink and the tenant whose results it takes, or null for every result. */
    private record Sink(ResultSinkPlugin.ResultSink sink, String tenant) {
    }

    private final List<Sink> sinks;
    private final Function<String, Optional<Dialogue>> dialogues;

    private ResultSinks(List<Sink> sinks, Function<String, Optional<Dialogue>> dialogues) {
        this.sinks = sinks;
        this.dialogues = dialogues;
    }

    static ResultSinks none() {
        return new ResultSinks(List.of(), id -> Optional.empty());
    }

    /** Opens the sinks of {@code file}, or none when it is null; a bad file is a user error naming the sink. */
    public static ResultSinks open(Path file, PluginRegistry plugins, TenantStorage storage) {
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
        ResultSinkPlugin.SinkContext context = new ResultSinkPlugin.SinkContext() {
            @Override
            public ResultSinkPlugin.DeadLetters deadLetters() {
                return storage.deadLetters();
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }
        };
        List<Sink> opened = new ArrayList<>();
        for (int i = 0; i < uses.size(); i++) {
            SinkUse use = uses.get(i);
            try {
                if (use.tenant() != null && use.tenant().isBlank()) {
                    throw new PluginException("'tenant' is blank: name the tenant whose results this sink takes, or leave it out for all");
                }
                ResultSinkPlugin plugin = plugins.resultSink(String.valueOf(use.plugin()));
                opened.add(new Sink(plugin.open(plugins.configure(plugin, use.config() == null ? Map.of() : use.config()),
                        context), use.tenant()));
            } catch (PluginException e) {
                opened.forEach(sink -> sink.sink().close());
                throw new CliException("sinks file " + file + ", sink " + (i + 1) + ": " + e.getMessage(), 2);
            }
        }
        return new ResultSinks(List.copyOf(opened), storage.dialogues()::find);
    }

    int size() {
        return sinks.size();
    }

    @Override
    public void accept(EvaluationResult result) {
        String tenant = null;
        boolean tenantRead = false;
        for (Sink sink : sinks) {
            if (sink.tenant() != null) {
                if (!tenantRead) {
                    tenant = tenantOf(result.dialogueId());
                    tenantRead = true;
                }
                if (!sink.tenant().equals(tenant)) {
                    continue;
                }
            }
            sink.sink().deliver(result);
        }
    }

    /** The stored dialogue's tenant attribute; read only when some sink is for one tenant. */
    private String tenantOf(String dialogueId) {
        return dialogues.apply(dialogueId)
                .map(dialogue -> dialogue.attributes().get(TENANT_ATTRIBUTE))
                .map(String::valueOf)
                .orElse(null);
    }

    /** Lets each sink drain (within its own time budget); undelivered results become dead letters. */
    @Override
    public void close() {
        sinks.forEach(sink -> sink.sink().close());
    }
}
