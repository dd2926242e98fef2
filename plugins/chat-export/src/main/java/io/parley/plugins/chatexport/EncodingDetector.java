package io.parley.plugins.chatexport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes an export. With no configured encoding: a byte-order mark decides (UTF-8, UTF-16);
 * else UTF-8 when the first {@value #SAMPLE_BYTES} bytes are valid UTF-8, else GB18030 (the
 * superset of GBK and GB2312 that Chinese Windows tools write). Decoding is strict: bytes that are
 * not valid in the chosen encoding further on fail the read rather than turn into U+FFFD.
 */
final class EncodingDetector {
    static final Charset GB18030 = Charset.forName("GB18030");
    private static final int SAMPLE_BYTES = 64 * 1024;

    /** The text and the encoding it is decoded with. */
    record Decoded(Reader reader, Charset charset) {
    }

    private EncodingDetector() {
    }

    /** @param configured the encoding to use, or null to detect it */
    static Decoded decode(InputStream in, Charset configured) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, SAMPLE_BYTES);
        buffered.mark(SAMPLE_BYTES);
        byte[] sample = buffered.readNBytes(SAMPLE_BYTES);
        buffered.reset();
        boolean utf8Bom = sample.length >= 3 && (sample[0] & 0xFF) == 0xEF && (sample[1] & 0xFF) == 0xBB && (sample[2] & 0xFF) == 0xBF;
        boolean utf16Bom = sample.length >= 2 && ((sample[0] & 0xFF) == 0xFF && (sample[1] & 0xFF) == 0xFE
                || (sample[0] & 0xFF) == 0xFE && (sample[1] & 0xFF) == 0xFF);
        Charset charset = configured != null ? configured
                : utf8Bom ? StandardCharsets.UTF_8
                : utf16Bom ? StandardCharsets.UTF_16 // reads the mark and takes its byte order
                : isUtf8(sample, sample.length < SAMPLE_BYTES) ? StandardCharsets.UTF_8 : GB18030;
        if (utf8Bom && charset.equals(StandardCharsets.UTF_8)) {
            buffered.skipNBytes(3);
        }
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new Decoded(new InputStreamReader(buffered, decoder), charset);
    }

    /** @param complete whether the sample is the whole input (else a sequence cut at its end is fine) */
    private static boolean isUtf8(byte[] sample, boolean complete) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = CharBuffer.allocate(sample.length);
        return !decoder.decode(ByteBuffer.wrap(sample), chars, complete).isError()
                && (!complete || !decoder.flush(chars).isError());
    }
}
