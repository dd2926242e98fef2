package io.parley.engine.spi.plugin;

import io.parley.engine.spi.plugin.ConfigOption.ConfigType;
import io.parley.engine.spi.plugin.ConfigValidator.Reason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigValidatorTest {

    private static PluginInfo plugin(ConfigOption... options) {
        return new PluginInfo("hook", "2.0", PluginKind.RESULT_SINK, "test", List.of(options));
    }

    @Test
    void everyTypeAcceptsItsValuesAndRefusesOthers() {
        record Case(ConfigType type, Object good, Object bad) {
        }
        List<Case> cases = List.of(
                new Case(ConfigType.STRING, "x", 1),
                new Case(ConfigType.SECRET, "s3cret", true),
                new Case(ConfigType.SCRIPT, "() => 1", List.of()),
                new Case(ConfigType.URL, "https://example.com/hook", "example.com/hook"),
                new Case(ConfigType.DURATION, "30s", "30 seconds"),
                new Case(ConfigType.INTEGER, 3L, 2.5),
                new Case(ConfigType.NUMBER, 2.5, "2.5"),
                new Case(ConfigType.BOOLEAN, false, "false"),
                new Case(ConfigType.STRING_LIST, List.of("a", "b"), List.of("a", 1)),
                new Case(ConfigType.MAP, Map.of("k", 1), "k=1"));
        for (Case c : cases) {
            PluginInfo info = plugin(ConfigOption.required("value", c.type(), ""));
            assertThat(ConfigValidator.validate(info, Map.of("value", c.good())).valid()).as(c.type() + " accepts " + c.good()).isTrue();
            assertThat(ConfigValidator.validate(info, Map.of("value", c.bad())).problems())
                    .as(c.type() + " refuses " + c.bad())
                    .singleElement()
                    .satisfies(problem -> {
                        assertThat(problem.reason()).isEqualTo(Reason.WRONG_TYPE);
                        assertThat(problem.message()).startsWith("option 'value' of result sink 'hook' 2.0 must be "
                                + ConfigValidator.describe(c.type()));
                    });
        }
    }

    @Test
    void wholeNumbersWrittenAsDecimalsAreIntegers() {
        PluginInfo info = plugin(ConfigOption.required("retries", ConfigType.INTEGER, ""));

        assertThat(ConfigValidator.validate(info, Map.of("retries", 3.0)).valid()).isTrue();
    }

    @Test
    void reportsUnknownAndMissingOptionsWithTheirReason() {
        PluginInfo info = plugin(ConfigOption.required("url", ConfigType.URL, "Where to POST results."),
                ConfigOption.optional("retries", ConfigType.INTEGER, "3", "How often to retry."));

        ConfigValidator.Result result = ConfigValidator.validate(info, Map.of("retires", 5));

        assertThat(result.config()).isNull();
        assertThat(result.problems()).containsExactly(
                new ConfigValidator.Problem("retires", Reason.UNKNOWN_OPTION, "result sink 'hook' 2.0 has no option 'retires'",
                        "did you mean 'retries'?"),
                new ConfigValidator.Problem("url", Reason.MISSING_OPTION, "result sink 'hook' 2.0 needs option 'url'",
                        "Where to POST results."));
    }

    @Test
    void defaultsAreParsedByTheirType() {
        PluginInfo info = plugin(
                ConfigOption.optional("retries", ConfigType.INTEGER, "3", ""),
                ConfigOption.optional("ratio", ConfigType.NUMBER, "0.5", ""),
                ConfigOption.optional("enabled", ConfigType.BOOLEAN, "true", ""),
                ConfigOption.optional("timeout", ConfigType.DURATION, "10s", ""),
                ConfigOption.optional("events", ConfigType.STRING_LIST, "hit, score", ""),
                ConfigOption.optional("headers", ConfigType.MAP, "{\"X-Team\": \"qa\"}", ""),
                ConfigOption.optional("label", ConfigType.STRING, null, ""));

        assertThat(ConfigValidator.validate(info, Map.of()).config().values()).isEqualTo(Map.of(
                "retries", 3L, "ratio", 0.5, "enabled", true, "timeout", "10s",
                "events", List.of("hit", "score"), "headers", Map.of("X-Team", "qa")));
    }

    @Test
    void aDefaultThatDoesNotParseIsThePluginsBug() {
        PluginInfo info = plugin(ConfigOption.optional("retries", ConfigType.INTEGER, "three", ""));

        assertThatThrownBy(() -> ConfigValidator.validate(info, Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("result sink 'hook' 2.0 declares default \"three\" for option 'retries', which is not a whole number");
    }

    @Test
    void durationsReadShortAndIsoForms() {
        assertThat(ConfigValidator.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ConfigValidator.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ConfigValidator.parseDuration("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThat(ConfigValidator.parseDuration("soon")).isNull();
    }
}
