package io.parley.plugins.webhook;

import io.parley.engine.api.NameSuggestions;
import io.parley.engine.spi.plugin.ConfigValidator;
import io.parley.engine.spi.plugin.PluginConfig;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.plugins.webhook.WebhookPayload.Event;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One webhook's configuration, as {@link WebhookPlugin#info()} declares it, checked beyond what the
 * engine's type check covers (ranges, the URL scheme, event names).
 *
 * @param signer null when no secret is configured (requests go unsigned)
 */
record WebhookSettings(URI url, RequestSigner signer, Set<Event> events, int maxAttempts, Duration initialBackoff,
                       Duration timeout, int concurrency, int queueSize, Duration drainTimeout) {

    static WebhookSettings from(PluginConfig config) {
        String secret = config.string("secret");
        if (secret != null && secret.isBlank()) {
            // Most likely an unset variable: signing with an empty key would look secure and not be.
            throw new PluginException("option 'secret' is empty; leave it out to send unsigned requests");
        }
        return new WebhookSettings(url(config), secret == null ? null : new RequestSigner(secret),
                events(config), atLeastOne(config, "maxAttempts"), positiveDuration(config, "initialBackoff"),
                positiveDuration(config, "timeout"), atLeastOne(config, "concurrency"), atLeastOne(config, "queueSize"),
                positiveDuration(config, "drainTimeout"));
    }

    private static URI url(PluginConfig config) {
        URI url = URI.create(required(config, "url").toString());
        if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())) {
            throw new PluginException("option 'url' must be an http:// or https:// URL, not " + url.getScheme() + "://…");
        }
        return url;
    }

    private static Set<Event> events(PluginConfig config) {
        List<String> names = Arrays.stream(Event.values()).map(event -> event.configName).toList();
        Set<Event> events = EnumSet.noneOf(Event.class);
        for (Object name : (List<?>) required(config, "events")) {
            Event event = Arrays.stream(Event.values()).filter(e -> e.configName.equals(name)).findFirst()
                    .orElseThrow(() -> {
                        String typo = NameSuggestions.didYouMean(String.valueOf(name), names);
                        return new PluginException("option 'events' names unknown event '" + name + "' ("
                                + (typo != null ? typo : "expected " + String.join(" or ", names)) + ")");
                    });
            events.add(event);
        }
        if (events.isEmpty()) {
            throw new PluginException("option 'events' is empty: subscribe to " + String.join(" and/or ", names));
        }
        return events;
    }

    private static int atLeastOne(PluginConfig config, String option) {
        long value = ((Number) required(config, option)).longValue();
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new PluginException("option '" + option + "' must be at least 1, not " + value);
        }
        return (int) value;
    }

    private static Duration positiveDuration(PluginConfig config, String option) {
        Duration duration = ConfigValidator.parseDuration(required(config, option).toString());
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new PluginException("option '" + option + "' must be a positive duration like 500ms or 5s, not "
                    + config.string(option));
        }
        return duration;
    }

    /** The engine fills in defaults, so only a config that bypassed it can lack an option. */
    private static Object required(PluginConfig config, String option) {
        Object value = config.get(option);
        if (value == null) {
            throw new PluginException("option '" + option + "' is missing");
        }
        return value;
    }
}
