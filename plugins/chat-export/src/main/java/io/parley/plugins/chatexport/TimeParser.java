package io.parley.plugins.chatexport;

import io.parley.engine.spi.plugin.PluginException;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads message times with the configured formats, tried in order: {@code java.time} patterns,
 * {@code iso} (ISO-8601 with or without an offset, {@code T} or a space) and {@code epoch} (Unix
 * seconds, or milliseconds from 12 digits on; at least 9 digits, so a stray small number is not
 * taken for a day in 1970). A time without an offset is taken in the configured
 * zone; one with an offset keeps it. Full-width digits and punctuation are folded first. Dates
 * are strict: 2026-02-30 is refused, not moved to the 28th.
 */
final class TimeParser {
    static final String ISO = "iso";
    static final String EPOCH = "epoch";
    private static final Pattern EPOCH_VALUE = Pattern.compile("\\d{9,15}(\\.\\d{1,9})?");
    private static final long MILLIS_FROM = 100_000_000_000L;
    private static final DateTimeFormatter ISO_WITH_SPACE = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd().append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffsetId().optionalEnd().toFormatter().withResolverStyle(ResolverStyle.STRICT);

    private final List<Function<String, Optional<OffsetDateTime>>> formats;
    private final List<String> names;
    private final ZoneId zone;

    TimeParser(List<String> names, ZoneId zone) {
        if (names.isEmpty()) {
            throw new PluginException("option 'timeFormats' is empty: give at least one format");
        }
        this.names = List.copyOf(names);
        this.zone = zone;
        this.formats = names.stream().map(this::format).toList();
    }

    /** The time with an offset, or empty when no format reads {@code raw}. */
    Optional<OffsetDateTime> parse(String raw) {
        String text = Normalizer.normalize(raw, Normalizer.Form.NFKC).strip();
        for (Function<String, Optional<OffsetDateTime>> format : formats) {
            Optional<OffsetDateTime> time = format.apply(text);
            if (time.isPresent()) {
                return time;
            }
        }
        return Optional.empty();
    }

    /** The formats as configured, for messages. */
    String expected() {
        return String.join(", ", names);
    }

    private Function<String, Optional<OffsetDateTime>> format(String name) {
        return switch (name) {
            case ISO -> text -> pattern(ISO_WITH_SPACE, text);
            case EPOCH -> this::epoch;
            default -> {
                DateTimeFormatter formatter;
                try {
                    // An era defaulted to AD lets 'yyyy' resolve strictly, as users write it.
                    formatter = new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(name)
                            .parseDefaulting(ChronoField.ERA, 1).toFormatter().withResolverStyle(ResolverStyle.STRICT);
                } catch (IllegalArgumentException e) {
                    throw new PluginException("option 'timeFormats': '" + name + "' is not a date-time pattern ("
                            + e.getMessage() + "); use java.time letters such as yyyy-MM-dd HH:mm:ss, or iso or epoch");
                }
                yield text -> pattern(formatter, text);
            }
        };
    }

    private Optional<OffsetDateTime> pattern(DateTimeFormatter formatter, String text) {
        try {
            TemporalAccessor parsed = formatter.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
            return Optional.of(parsed instanceof OffsetDateTime withOffset ? withOffset
                    : ((LocalDateTime) parsed).atZone(zone).toOffsetDateTime());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private Optional<OffsetDateTime> epoch(String text) {
        if (!EPOCH_VALUE.matcher(text).matches()) {
            return Optional.empty();
        }
        BigDecimal value = new BigDecimal(text);
        BigDecimal millis = value.compareTo(BigDecimal.valueOf(MILLIS_FROM)) >= 0 ? value : value.movePointRight(3);
        return Optional.of(Instant.ofEpochMilli(millis.longValue()).atZone(zone).toOffsetDateTime());
    }
}
