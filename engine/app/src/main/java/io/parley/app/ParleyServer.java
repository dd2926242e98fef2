package io.parley.app;

import io.parley.console.ConsoleRoutes;
import io.parley.engine.api.DialogueEvaluator;
import io.parley.engine.impl.http.ApiServer;
import io.parley.engine.impl.ingest.DialogueIngestor;
import io.parley.engine.spi.storage.Storage;
import io.vertx.core.Vertx;

import java.util.concurrent.atomic.AtomicReference;

/** The running engine: storage, the evaluator in force, the ingest workers, the HTTP API and the console. */
final class ParleyServer implements AutoCloseable {
    private final Storage storage;
    private final AtomicReference<DialogueEvaluator> evaluator;
    private final DialogueIngestor ingestor;
    private Vertx vertx;
    private ApiServer api;

    ParleyServer(Storage storage, DialogueEvaluator evaluator) {
        this.storage = storage;
        this.evaluator = new AtomicReference<>(evaluator);
        this.ingestor = new DialogueIngestor(storage, this.evaluator::get, Runtime.getRuntime().availableProcessors());
    }

    DialogueIngestor ingestor() {
        return ingestor;
    }

    /** Starts listening; returns the bound port. */
    int startHttp(String host, int port) {
        vertx = Vertx.vertx();
        api = new ApiServer(vertx, ingestor, storage, evaluator::get, ConsoleRoutes::mount);
        try {
            return api.start(host, port);
        } catch (RuntimeException e) {
            if (causedByBindFailure(e)) {
                throw new CliException("cannot listen on " + host + ":" + port + " (" + rootMessage(e)
                        + "): is another Parley running? Pick another port with --port", 2);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        if (api != null) {
            api.stop();
        }
        if (vertx != null) {
            vertx.close().await();
        }
        ingestor.close();
        storage.close();
    }

    private static boolean causedByBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
