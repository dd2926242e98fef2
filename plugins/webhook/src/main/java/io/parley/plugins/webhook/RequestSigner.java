package io.parley.plugins.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/** {@code X-Parley-Signature}: {@code sha256=} and the lower-case hex HMAC-SHA256 of the exact body bytes. */
final class RequestSigner {
    static final String HEADER = "X-Parley-Signature";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    RequestSigner(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    String sign(byte[] body) {
        try {
            // A Mac is not thread-safe and cheap to make: one per signature.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + ALGORITHM, e);
        }
    }
}
