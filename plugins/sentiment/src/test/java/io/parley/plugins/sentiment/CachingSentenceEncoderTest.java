package io.parley.plugins.sentiment;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CachingSentenceEncoderTest {

    /** Records what it is asked to encode. */
    private static final class RecordingEncoder implements SentenceEncoder {
        final List<String> encoded = new ArrayList<>();

        @Override
        public synchronized float[] encode(String text) {
            encoded.add(text);
            return new float[]{text.length(), 1};
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public String modelId() {
            return "recording";
        }
    }

    @Test
    void aRepeatedTextIsEncodedOnceAndTheLeastRecentlyUsedGoesFirst() {
        RecordingEncoder inner = new RecordingEncoder();
        CachingSentenceEncoder cache = new CachingSentenceEncoder(inner, 2);

        cache.encode("亲，在的");
        cache.encode(" 亲，在的 ");
        cache.encode("稍等");
        cache.encode("亲，在的");
        cache.encode("好的");
        cache.encode("稍等");

        assertThat(inner.encoded).containsExactly("亲，在的", "稍等", "好的", "稍等");
        assertThat(cache.snapshot()).containsOnlyKeys("好的", "稍等");
        assertThat(cache.encode("亲，在的")).containsExactly(4, 1);
    }
}
