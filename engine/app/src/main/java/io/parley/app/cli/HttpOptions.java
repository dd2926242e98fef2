package io.parley.app.cli;

import io.parley.app.server.ParleyServer;
import picocli.CommandLine.Option;

import java.util.concurrent.CountDownLatch;

/** Where the API listens, and the wait for Ctrl-C that closes everything cleanly (the embedded database flushes on close). */
final class HttpOptions {
    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    void serveUntilInterrupted(ParleyServer server) {
        int bound;
        try {
            bound = server.startHttp(host, port);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Parley…");
            server.close();
            stopped.countDown();
        }, "parley-shutdown"));
        String base = "http://" + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + bound;
        System.out.print(banner(base, server.runsWorkflows()));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The routes to try first; the reviewers' inbox only when workflows run, since it is not served otherwise. */
    static String banner(String base, boolean workflows) {
        String banner = """

                Parley is serving on %1$s  (Ctrl-C to stop)
                  console   %1$s/console/
                  health    curl %1$s/health
                  submit    curl -X POST %1$s/api/v1/dialogues -H 'Content-Type: application/json' -d @dialogue.json
                  result    curl %1$s/api/v1/dialogues/<id>/result
                  rules     curl %1$s/api/v1/rulesets
                """.formatted(base);
        return workflows ? banner + """
                  reviews   curl %1$s/api/v1/tasks -H 'X-Parley-User: li.qa' -H 'X-Parley-Role: reviewer'
                """.formatted(base) : banner;
    }
}
