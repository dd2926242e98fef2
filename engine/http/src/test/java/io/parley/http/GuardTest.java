package io.parley.http;

import io.parley.engine.api.TenantId;
import io.parley.engine.api.security.Permission;
import io.parley.engine.api.security.Principal;
import io.parley.engine.api.security.Role;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The guard on its own: who may, timeouts, body limits, the route table. */
class GuardTest {
    private final Vertx vertx = Vertx.vertx();
    private final AtomicInteger worked = new AtomicInteger();
    private HttpApi api;
    private WebClient client;

    private void start(Role role, HttpSettings settings) {
        RouteModule module = routes -> routes
                .get("/slow", Permission.DIALOGUES_READ, request -> {
                    worked.incrementAndGet();
                    Thread.sleep(1_000);
                    return Reply.of(200, Map.of("late", true));
                })
                .post("/publish", Permission.RULESETS_PUBLISH, Routes.BodyLimit.of(64), request -> {
                    worked.incrementAndGet();
                    return Reply.of(200, Map.of("bytes", request.bodyBytes().length));
                })
                .publicGet("/open", request -> Reply.of(200, Map.of("open", true)));
        api = new HttpApi(vertx, List.of(module), ctx -> role == null ? null
                : new Principal(TenantId.DEFAULT, "tester", role, "tester", "127.0.0.1"), settings);
        int port = api.start("127.0.0.1", 0);
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    }

    @AfterEach
    void stop() {
        client.close();
        api.stop();
        vertx.close().await();
    }

    @Test
    void aRequestNotAnsweredInTimeIs503ProblemJson() {
        start(Role.READ_ONLY, new HttpSettings(0, 10, Duration.ofMillis(200), Map.of(), List.of(), false, Duration.ofMinutes(30)));

        HttpResponse<Buffer> late = client.get("/slow").send().await();

        assertThat(late.statusCode()).isEqualTo(503);
        assertThat(late.getHeader("Content-Type")).startsWith("application/problem+json");
        assertThat(late.bodyAsJsonObject().getString("title")).isEqualTo("Service Unavailable");
    }

    @Test
    void aRoleWithoutThePermissionIs403BeforeTheWorkOrTheBody() {
        start(Role.REVIEWER, HttpSettings.DEFAULTS);

        HttpResponse<Buffer> refused = client.post("/publish").sendBuffer(Buffer.buffer("x".repeat(10_000))).await();

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", 403).put("title", "Forbidden")
                .put("error", "the role reviewer cannot publish rule sets").put("permission", "RULESETS_PUBLISH"));
        assertThat(worked).hasValue(0);
    }

    @Test
    void nobodyIs401WithTheBearerChallengeAndPublicRoutesNeedNothing() {
        start(null, HttpSettings.DEFAULTS);

        HttpResponse<Buffer> anonymous = client.get("/slow").send().await();

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"parley\"");
        assertThat(client.get("/open").send().await().statusCode()).isEqualTo(200);
        assertThat(worked).hasValue(0);
    }

    @Test
    void aConfiguredBodyLimitReplacesTheRoutesOwn() {
        start(Role.QA_LEAD, new HttpSettings(0, 10, Duration.ofSeconds(5), Map.of("POST /publish", 8), List.of(), false,
                Duration.ofMinutes(30)));

        assertThat(client.post("/publish").sendBuffer(Buffer.buffer("12345678")).await().statusCode()).isEqualTo(200);
        HttpResponse<Buffer> tooLarge = client.post("/publish").sendBuffer(Buffer.buffer("123456789")).await();
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(api.routeTable()).extracting(RouteInfo::key, RouteInfo::bodyLimit)
                .contains(org.assertj.core.groups.Tuple.tuple("POST /publish", 8));
    }
}
