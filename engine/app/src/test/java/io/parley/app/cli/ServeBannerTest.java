package io.parley.app.cli;

import io.parley.app.TestKeys;
import io.parley.engine.api.TenantId;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.app.server.ParleyServer;
import io.parley.app.server.RuleSetLoader;
import io.parley.storage.mongo.StorageFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up banner of {@code serve} and {@code demo} advertises only routes the server serves. */
class ServeBannerTest {
    /** A URL to open or GET: on a line without another method, and with no placeholder like {@code <id>}. */
    private static final Pattern GET = Pattern.compile("^(?!.* -X ).*?(http://[^\\s<]+)(?:\\s|$)(?!.*<)");
    private String key;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    @Test
    void withoutWorkflowsEveryAdvertisedRouteIsServedAndReviewsAreNotAdvertised(@TempDir Path dataDir) throws Exception {
        PrometheusMeterRegistry metrics = ParleyServer.newMetrics();
        RuleSetLoader loader = new RuleSetLoader(System.err, metrics);
        var storage = StorageFactory.open(dataDir, null);
        try (ParleyServer server = new ParleyServer(storage, loader.publish(loader.example(), storage.tenant(TenantId.DEFAULT)).evaluator(), metrics)) {
            String base = "http://127.0.0.1:" + server.startHttp("127.0.0.1", 0);
            key = TestKeys.admin(storage);

            String banner = HttpOptions.banner(base, server.runsWorkflows());

            assertThat(server.runsWorkflows()).isFalse();
            assertThat(banner).contains("health    curl " + base + "/health").doesNotContain("reviews", "/api/v1/tasks");
            List<String> gets = banner.lines().map(GET::matcher).filter(Matcher::find).map(m -> m.group(1)).toList();
            assertThat(gets).containsExactlyInAnyOrder(base, base + "/console/", base + "/health", base + "/openapi.json",
                    base + "/api/v1/rulesets");
            for (String url : gets) {
                assertThat(status(url)).as(url).isEqualTo(200);
            }
            assertThat(status(base + "/api/v1/tasks")).as("the reviewers' inbox is not served").isEqualTo(404);
        }
    }

    @Test
    void withWorkflowsTheReviewersInboxIsAdvertised() {
        assertThat(HttpOptions.banner("http://127.0.0.1:8080", true))
                .contains("reviews   curl http://127.0.0.1:8080/api/v1/tasks -H \"Authorization: Bearer $KEY\"");
    }

    private int status(String url) throws Exception {
        return http.send(TestKeys.request(URI.create(url), key).GET().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
