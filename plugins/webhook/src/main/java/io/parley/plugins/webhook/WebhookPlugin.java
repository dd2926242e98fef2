package io.parley.plugins.webhook;

import io.parley.engine.spi.plugin.ConfigOption;
import io.parley.engine.spi.plugin.ConfigOption.ConfigType;
import io.parley.engine.spi.plugin.PluginConfig;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;
import io.parley.engine.spi.plugin.ResultSinkPlugin;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The {@code webhook} result sink: POSTs each evaluation result as signed JSON. */
public final class WebhookPlugin implements ResultSinkPlugin {
    static final String ID = "webhook";
    static final String VERSION = "0.1.0";

    private static final String DESCRIPTION = """
            POSTs each evaluation result as JSON to 'url': {"event": "evaluation", "deliveryId": "<uuid>", \
            "dialogueId": "…", "ruleset": {"id": "…", "version": 3}, "evaluatedAt": "2026-11-11T02:05:00Z", \
            "hits": [{"rule", "title", "severity", "tags", "evidence": [{"turn", "role", "span", "text"}], "confidence"}], \
            "score": {"scorecard", "value", "grade", "breakdown": [{"item", "points"}], "vetoedBy"}}. \
            'hits' is sent when the hits event is subscribed, 'score' (null without a scorecard) when the score event is; \
            a result no subscribed event applies to is not sent. Every retry of a result carries the same deliveryId \
            (also in the X-Parley-Delivery header): deduplicate on it. Headers: X-Parley-Timestamp (Unix seconds of \
            the attempt) and, with a secret, X-Parley-Signature: sha256=<lower-case hex HMAC-SHA256 of the exact body \
            bytes, keyed with the secret's UTF-8 bytes>. To verify, compute that HMAC over the raw request body as \
            received, before parsing or re-encoding it, and compare it with the header in constant time (e.g. \
            hmac.compare_digest, MessageDigest.isEqual); refuse the request when they differ. A 2xx answer is \
            delivered; 408, 429, 5xx, timeouts and connection errors are retried with exponential back-off (doubling \
            from initialBackoff, capped at 30s, with jitter; a longer Retry-After in seconds is honoured); any other \
            status is not retried. A result that cannot be delivered (refused, out of attempts, queue full, or still \
            pending when the sink closes) is kept as a dead letter with its exact body and the last reason. Results \
            are sent concurrently and may arrive out of order.""";

    private static final PluginInfo INFO = new PluginInfo(ID, VERSION, PluginKind.RESULT_SINK, DESCRIPTION, List.of(
            ConfigOption.required("url", ConfigType.URL, "The http:// or https:// endpoint results are POSTed to."),
            ConfigOption.optional("secret", ConfigType.SECRET, null,
                    "Shared secret for the X-Parley-Signature header (HMAC-SHA256 of the body); unsigned without it."),
            ConfigOption.optional("events", ConfigType.STRING_LIST, "hits,score",
                    "What to send: 'hits' (results with at least one hit, with their hits) and/or 'score' "
                            + "(every scored result, with its score)."),
            ConfigOption.optional("maxAttempts", ConfigType.INTEGER, "5",
                    "Attempts per result, the first included, before it becomes a dead letter."),
            ConfigOption.optional("initialBackoff", ConfigType.DURATION, "500ms",
                    "Pause before the first retry; doubles with each further retry, up to 30s, with jitter."),
            ConfigOption.optional("timeout", ConfigType.DURATION, "5s",
                    "How long one request may take to connect and to answer before it counts as failed."),
            ConfigOption.optional("concurrency", ConfigType.INTEGER, "4", "Requests in flight at once."),
            ConfigOption.optional("queueSize", ConfigType.INTEGER, "10000",
                    "Results waiting or in flight at most; a result beyond that becomes a dead letter at once."),
            ConfigOption.optional("drainTimeout", ConfigType.DURATION, "10s",
                    "On shutdown, how long pending results may still be delivered before they become dead letters.")));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    /** @throws io.parley.engine.spi.plugin.PluginException naming the option when the configuration cannot work */
    @Override
    public WebhookSink open(PluginConfig config, SinkContext context) {
        WebhookSettings settings = WebhookSettings.from(config);
        return new WebhookSink(settings, context, new Backoff(settings.initialBackoff(), WebhookSink.MAX_BACKOFF,
                () -> ThreadLocalRandom.current().nextDouble()));
    }
}
