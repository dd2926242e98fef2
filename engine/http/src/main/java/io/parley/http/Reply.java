package io.parley.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route answers: a status, a body written as JSON (Parley's one Jackson configuration), and
 * headers. Replies of 400 and above are problems: use {@link #problem} so that every error has the
 * same shape.
 *
 * @param body an object written as JSON, or null for no body
 */
public record Reply(int status, Object body, Map<String, String> headers) {

    public Reply {
        headers = Map.copyOf(headers);
    }

    public static Reply of(int status, Object body) {
        return new Reply(status, body, Map.of());
    }

    /** A body that is not JSON, written as is with its content type. */
    public static Reply text(int status, String contentType, String content) {
        return of(status, new Replies.Text(contentType, content));
    }

    /** A problem reply naming what is wrong; see {@link HttpProblem} for its JSON. */
    public static Reply problem(int status, String message) {
        return new HttpProblem(status, message).reply();
    }

    /** This reply with one more header. */
    public Reply with(CharSequence header, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(header.toString(), value);
        return new Reply(status, body, more);
    }
}
