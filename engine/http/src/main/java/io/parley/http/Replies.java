package io.parley.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.parley.engine.api.json.ParleyJson;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Writes replies: JSON with Parley's one Jackson configuration, problem JSON for errors, text as is. */
final class Replies {
    static final String JSON = "application/json; charset=utf-8";
    static final String PROBLEM_JSON = "application/problem+json; charset=utf-8";

    private Replies() {
    }

    static void send(RoutingContext ctx, Reply reply) {
        send(ctx.response(), reply);
    }

    /** For a request answered before it reaches the router. */
    static void send(HttpServerRequest request, Reply reply) {
        send(request.response(), reply);
    }

    private static void send(HttpServerResponse response, Reply reply) {
        if (response.closed() || response.ended()) {
            return; // the client went away
        }
        reply.headers().forEach(response::putHeader);
        response.setStatusCode(reply.status());
        if (reply.body() instanceof Text text) {
            response.putHeader(HttpHeaders.CONTENT_TYPE, text.contentType()).end(text.content());
        } else if (reply.body() == null) {
            response.end();
        } else {
            if (!response.headers().contains(HttpHeaders.CONTENT_TYPE)) {
                response.putHeader(HttpHeaders.CONTENT_TYPE, JSON);
            }
            response.end(json(reply.body()));
        }
    }

    static String json(Object body) {
        try {
            return ParleyJson.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** A body that is not JSON, e.g. the Prometheus text of {@code /metrics}. */
    record Text(String contentType, String content) {
    }
}
