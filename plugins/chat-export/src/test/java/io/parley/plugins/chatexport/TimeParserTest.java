package io.parley.plugins.chatexport;

import io.parley.engine.spi.plugin.PluginException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeParserTest {
    private static final TimeParser DEFAULTS = new TimeParser(ExportSettings.DEFAULT_TIME_FORMATS, ZoneId.of("+08:00"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2026-11-11 10:00:03          | 2026-11-11T10:00:03+08:00",
            "2026-1-5 9:03:07             | 2026-01-05T09:03:07+08:00",
            "2026/11/11 10:00             | 2026-11-11T10:00:00+08:00",
            "2026-11-11 10:00:03.250      | 2026-11-11T10:00:03.25+08:00",
            "２０２６／１１／１１　１０：００：０３ | 2026-11-11T10:00:03+08:00",
            "2026-11-11T10:00:03          | 2026-11-11T10:00:03+08:00",
            "2026-11-11T02:00:03Z         | 2026-11-11T02:00:03Z",
            "2026-11-11 10:00:03+09:00    | 2026-11-11T10:00:03+09:00",
            "1794362403                   | 2026-11-11T10:00:03+08:00",
            "1794362403000                | 2026-11-11T10:00:03+08:00",
            "1794362403.5                 | 2026-11-11T10:00:03.5+08:00"})
    void readsTheCommonExportFormatsKeepingAnOffsetThatIsWritten(String raw, String expected) {
        assertThat(DEFAULTS.parse(raw)).hasValueSatisfying(time ->
                assertThat(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time)).isEqualTo(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30 10:00:00", "2026-11-11 24:00:00", "昨天 10:00", "12345", "2026-11-11"})
    void refusesWhatIsNotAValidTime(String raw) {
        assertThat(DEFAULTS.parse(raw)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Asia/Shanghai", "+08:00"})
    void takesLocalTimesInTheConfiguredZone(String zone) {
        TimeParser parser = new TimeParser(List.of("yyyyMMddHHmmss"), ZoneId.of(zone));

        assertThat(parser.parse("20261111100003")).contains(OffsetDateTime.parse("2026-11-11T10:00:03+08:00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yyyy-MM-dd HH:mm:sss", "yyyy-MM-dd bb"})
    void refusesAPatternThatIsNotOne(String pattern) {
        assertThatThrownBy(() -> new TimeParser(List.of(pattern), ZoneId.of("+08:00")))
                .isInstanceOf(PluginException.class).hasMessageContaining("'" + pattern + "' is not a date-time pattern");
    }
}
