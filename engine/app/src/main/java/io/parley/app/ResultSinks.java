package io.parley.app;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.impl.plugin.PluginRegistry;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.engine.spi.plugin.ResultSinkPlugin;
import io.parley.engine.spi.storage.Storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The result sinks a sinks file configures, e.g.
 * {@code [{"plugin": "webhook", "config": {"url": "https://qa.example.com/parley", "secret": "…"}}]}:
 * every stored result is handed to each; what a sink cannot deliver lands in storage's dead letters.
 */
final class ResultSinks implements Consumer<EvaluationResult>, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record SinkUse(String plugin, Map<String, Object> config) {
    }

    private final List<ResultSinkPlugin.ResultSink> sinks;

    private ResultSinks(List<ResultSinkPlugin.ResultSink> sinks) {
        this.sinks = sinks;
    }

    static ResultSinks none() {
        return new ResultSinks(List.of());
    }

    /** Opens the sinks of {@code file}, or none when it is null; a bad file is a user error naming the sink. */
    static ResultSinks open(Path file, PluginRegistry plugins, Storage storage) {
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
        List<ResultSinkPlugin.ResultSink> opened = new ArrayList<>();
        for (int i = 0; i < uses.size(); i++) {
            SinkUse use = uses.get(i);
            try {
                ResultSinkPlugin plugin = plugins.resultSink(String.valueOf(use.plugin()));
                opened.add(plugin.open(plugins.configure(plugin, use.config() == null ? Map.of() : use.config()), context));
            } catch (PluginException e) {
                opened.forEach(ResultSinkPlugin.ResultSink::close);
                throw new CliException("sinks file " + file + ", sink " + (i + 1) + ": " + e.getMessage(), 2);
            }
        }
        return new ResultSinks(List.copyOf(opened));
    }

    int size() {
        return sinks.size();
    }

    @Override
    public void accept(EvaluationResult result) {
        sinks.forEach(sink -> sink.deliver(result));
    }

    /** Lets each sink drain (within its own time budget); undelivered results become dead letters. */
    @Override
    public void close() {
        sinks.forEach(ResultSinkPlugin.ResultSink::close);
    }
}
