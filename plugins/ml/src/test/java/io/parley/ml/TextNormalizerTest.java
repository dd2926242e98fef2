package io.parley.ml;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextNormalizerTest {
    @Test
    void foldsWidthTrimsAndCollapsesWhitespace() {
        assertThat(TextNormalizer.normalize("  ＡＢＣ１２３，您好\t\n 在吗？ ")).isEqualTo("ABC123,您好 在吗?");
    }
}
