package io.parley.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an operator can tune about the HTTP layer (the {@code serve} command's options).
 *
 * @param requestsPerSecond  per API key or signed-in user, across routes; 0 for no limit
 * @param signInsPerMinute   password attempts per client address
 * @param requestTimeout     a request whose reply is not written by then is answered 503
 * @param bodyLimits         overrides of routes' body limits, by {@code "METHOD /path"} as the route
 *                           table names them, in bytes
 * @param trustedProxies     addresses whose {@code X-Parley-User/Role/Tenant} headers are believed;
 *                           empty (the default): the headers are ignored
 * @param secureCookies      mark the session cookie Secure (serve behind HTTPS)
 * @param sessionIdle        a console session unused this long is signed out
 */
public record HttpSettings(int requestsPerSecond, int signInsPerMinute, Duration requestTimeout,
                           Map<String, Integer> bodyLimits, List<String> trustedProxies, boolean secureCookies,
                           Duration sessionIdle) {
    public static final HttpSettings DEFAULTS = new HttpSettings(200, 10, Duration.ofSeconds(60), Map.of(), List.of(), false,
            Duration.ofMinutes(30));

    public HttpSettings {
        bodyLimits = Map.copyOf(bodyLimits);
        trustedProxies = List.copyOf(trustedProxies);
        if (requestsPerSecond < 0 || signInsPerMinute < 1) {
            throw new IllegalArgumentException("rate limits must be positive (requests per second 0 for none)");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("the request timeout must be positive");
        }
    }
}
