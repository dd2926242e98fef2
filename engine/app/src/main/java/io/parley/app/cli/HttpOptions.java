package io.parley.app.cli;

import io.parley.app.CliException;
import io.parley.app.server.ParleyServer;
import io.parley.http.HttpSettings;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Where the API listens, its limits and who it believes (docs/security.md), and the wait for Ctrl-C
 * that closes everything cleanly (the embedded database flushes on close).
 */
final class HttpOptions {
    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--rate-limit", defaultValue = "200", paramLabel = "N",
            description = "Requests a second per API key or signed-in user; more are answered 429 (default: ${DEFAULT-VALUE}; 0 = no limit).")
    int requestsPerSecond;

    @Option(names = "--sign-in-limit", defaultValue = "10", paramLabel = "N",
            description = "Password attempts a minute per client address (default: ${DEFAULT-VALUE}).")
    int signInsPerMinute;

    @Option(names = "--request-timeout", defaultValue = "60", paramLabel = "SECONDS",
            description = "A request not answered by then gets 503 (default: ${DEFAULT-VALUE}).")
    int requestTimeoutSeconds;

    @Option(names = "--body-limit", paramLabel = "'METHOD /path=SIZE'",
            description = "Overrides a route's body limit, e.g. --body-limit 'POST /api/v1/dialogues=8MB' (KB, MB or bytes; repeatable).")
    List<String> bodyLimits = new ArrayList<>();

    @Option(names = "--trusted-proxy", paramLabel = "ADDRESS",
            description = "Believe X-Parley-User/Role/Tenant headers from this address (repeatable; default: from nowhere).")
    List<String> trustedProxies = new ArrayList<>();

    @Option(names = "--secure-cookies", description = "Mark the console's session cookie Secure (when served behind HTTPS).")
    boolean secureCookies;

    @Option(names = "--session-idle", defaultValue = "30", paramLabel = "MINUTES",
            description = "Sign console users out after this long without a request (default: ${DEFAULT-VALUE}).")
    int sessionIdleMinutes;

    HttpSettings settings() {
        Map<String, Integer> limits = new LinkedHashMap<>();
        for (String limit : bodyLimits) {
            int equals = limit.lastIndexOf('=');
            if (equals < 0 || !limit.substring(0, equals).strip().matches("(GET|POST|DELETE) /\\S+")) {
                throw new CliException("--body-limit '" + limit + "': use 'METHOD /path=SIZE', e.g. 'POST /api/v1/dialogues=8MB'", 2);
            }
            limits.put(limit.substring(0, equals).strip(), bytes(limit, limit.substring(equals + 1).strip()));
        }
        try {
            return new HttpSettings(requestsPerSecond, signInsPerMinute, Duration.ofSeconds(requestTimeoutSeconds), limits,
                    trustedProxies, secureCookies, Duration.ofMinutes(sessionIdleMinutes));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2);
        }
    }

    private static int bytes(String option, String size) {
        String upper = size.toUpperCase(Locale.ROOT);
        int unit = upper.endsWith("MB") ? 1024 * 1024 : upper.endsWith("KB") ? 1024 : 1;
        String digits = unit == 1 ? upper : upper.substring(0, upper.length() - 2).strip();
        try {
            long bytes = Long.parseLong(digits) * unit;
            if (bytes < 1 || bytes > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) bytes;
        } catch (NumberFormatException e) {
            throw new CliException("--body-limit '" + option + "': the size must be a positive number of bytes, KB or MB", 2);
        }
    }

    String base(int boundPort) {
        return "http://" + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + boundPort;
    }

    /** @param signIn lines saying how to sign in, printed under the banner */
    void serveUntilInterrupted(ParleyServer server, List<String> signIn) {
        int bound;
        try {
            bound = server.startHttp(host, port, settings());
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
        String base = base(bound);
        System.out.print(banner(base, server.runsWorkflows()));
        signIn.forEach(line -> System.out.println("  " + line.replace(base(port == 0 ? 8080 : port), base)));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The routes to try first (each but health with an API key: $KEY); the reviewers' inbox only when workflows run. */
    static String banner(String base, boolean workflows) {
        String banner = """

                Parley is serving on %1$s  (Ctrl-C to stop)
                  console   %1$s/console/
                  health    curl %1$s/health
                  API       curl %1$s/openapi.json  (every route below needs an API key, $KEY)
                  submit    curl -X POST %1$s/api/v1/dialogues -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d @dialogue.json
                  result    curl %1$s/api/v1/dialogues/<id>/result -H "Authorization: Bearer $KEY"
                  rules     curl %1$s/api/v1/rulesets -H "Authorization: Bearer $KEY"
                """.formatted(base);
        return workflows ? banner + """
                  reviews   curl %1$s/api/v1/tasks -H "Authorization: Bearer $KEY"
                """.formatted(base) : banner;
    }
}
