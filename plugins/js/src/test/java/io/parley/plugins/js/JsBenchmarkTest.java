package io.parley.plugins.js;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class JsBenchmarkTest {

    @Test
    void reportsTheThreeFiguresAsPositiveNumbers() {
        assertThat(JsBenchmark.run(Duration.ofMillis(100)))
                .satisfiesExactly(
                        line -> assertThat(line).matches("bench\\.js\\.context\\.create = \\d+\\.\\d{3} ms"),
                        line -> assertThat(line).matches("bench\\.js\\.call = [1-9]\\d* calls/s"),
                        line -> assertThat(line).matches("bench\\.js\\.dialogue = [1-9]\\d* dialogues/s"));
    }
}
