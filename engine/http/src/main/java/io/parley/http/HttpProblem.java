package io.parley.http;

import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answered as problem JSON ({@code application/problem+json}, RFC 9457): {@code status},
 * {@code title} (the status' reason phrase) and {@code error}, the message saying what is wrong and
 * what to do, which Parley's clients have always read; then members of the route's own, such as
 * {@code field} (the parameter at fault), {@code errors} (each bad field by JSON pointer) or
 * {@code diagnostics}. Thrown from a route's work, it becomes that reply; {@link #reply()} makes the
 * reply without throwing.
 */
public final class HttpProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    /** Serializable for the exception's sake; holds JSON-ready values only. */
    private final LinkedHashMap<String, Object> members = new LinkedHashMap<>();

    public HttpProblem(int status, String message) {
        super(message, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem's status is 4xx or 5xx, not " + status);
        }
        this.status = status;
    }

    /** 400: the request is wrong; the message names the field or parameter. */
    public static HttpProblem badRequest(String message) {
        return new HttpProblem(400, message);
    }

    public static HttpProblem notFound(String message) {
        return new HttpProblem(404, message);
    }

    /** A member of the route's own beside the standard ones, e.g. {@code errors} or {@code hint}. */
    public HttpProblem with(String member, Object value) {
        members.put(member, value);
        return this;
    }

    public int status() {
        return status;
    }

    /**
     * The problem's JSON object: status, title, error and the route's own members (written sorted by
     * name, as every map Parley writes).
     */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("title", HttpResponseStatus.valueOf(status).reasonPhrase());
        body.put("error", getMessage());
        body.putAll(members);
        return body;
    }

    public Reply reply() {
        return Reply.of(status, body()).with("Content-Type", Replies.PROBLEM_JSON);
    }
}
