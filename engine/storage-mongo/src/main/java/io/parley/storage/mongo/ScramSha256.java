package io.parley.storage.mongo;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The server side of SCRAM-SHA-256 (RFC 5802 with RFC 7677's hash) for one user, as MongoDB speaks
 * it: no channel binding, no authorisation identity. Only the salted keys are kept: the stored key,
 * which checks a client's proof, and the server key, which signs the server's last message.
 *
 * <p>The password is used as it is, without SASLprep: {@link EmbeddedCredentials} accepts only
 * unreserved ASCII characters, for which SASLprep changes nothing.
 */
final class ScramSha256 {
    static final String MECHANISM = "SCRAM-SHA-256";
    /** mongod's default for SCRAM-SHA-256 (the driver refuses fewer than 4096). */
    static final int ITERATIONS = 15_000;
    private static final int SALT_BYTES = 28;
    private static final int NONCE_BYTES = 24;
    private static final String GS2_HEADER = "n,,";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String user;
    private final byte[] salt;
    private final int iterations;
    private final byte[] storedKey;
    private final byte[] serverKey;

    /** A fresh random salt and {@value #ITERATIONS} iterations: the keys live only as long as the server. */
    ScramSha256(String user, String password) {
        this(user, password, randomBytes(SALT_BYTES), ITERATIONS);
    }

    ScramSha256(String user, String password, byte[] salt, int iterations) {
        this.user = user;
        this.salt = salt.clone();
        this.iterations = iterations;
        byte[] saltedPassword = saltedPassword(password, salt, iterations);
        this.storedKey = sha256(hmac(saltedPassword, "Client Key"));
        this.serverKey = hmac(saltedPassword, "Server Key");
    }

    String user() {
        return user;
    }

    /** Answers a client-first message ({@code n,,n=user,r=nonce}) with a server nonce of its own. */
    Conversation start(String clientFirstMessage) throws ScramException {
        return start(clientFirstMessage, Base64.getEncoder().encodeToString(randomBytes(NONCE_BYTES)));
    }

    /** As {@link #start(String)}, with the server's part of the nonce given (RFC 7677's test vector). */
    Conversation start(String clientFirstMessage, String serverNonce) throws ScramException {
        if (!clientFirstMessage.startsWith(GS2_HEADER)) {
            // "p=…" asks for channel binding, "y,," says the client could have; an authzid is not supported.
            throw new ScramException("the client-first message does not start with n,,");
        }
        String bare = clientFirstMessage.substring(GS2_HEADER.length());
        String[] attributes = bare.split(",", -1);
        if (attributes.length < 2 || !attributes[0].startsWith("n=") || !attributes[1].startsWith("r=")) {
            throw new ScramException("the client-first message is not n=…,r=…");
        }
        String name = unescape(attributes[0].substring(2));
        if (!MessageDigest.isEqual(name.getBytes(StandardCharsets.UTF_8), user.getBytes(StandardCharsets.UTF_8))) {
            throw new ScramException("unknown user");
        }
        String clientNonce = attributes[1].substring(2);
        if (clientNonce.isEmpty()) {
            throw new ScramException("the client nonce is empty");
        }
        String nonce = clientNonce + serverNonce;
        String serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations;
        return new Conversation(bare, serverFirst, nonce);
    }

    /** One authentication, between the server-first message and the server-final one. */
    final class Conversation {
        private final String clientFirstBare;
        private final String serverFirst;
        private final String nonce;

        private Conversation(String clientFirstBare, String serverFirst, String nonce) {
            this.clientFirstBare = clientFirstBare;
            this.serverFirst = serverFirst;
            this.nonce = nonce;
        }

        String serverFirstMessage() {
            return serverFirst;
        }

        /**
         * Checks the client-final message ({@code c=biws,r=nonce,p=proof}) and answers with the
         * server-final one ({@code v=signature}).
         *
         * @throws ScramException when the proof is wrong or the message malformed
         */
        String finish(String clientFinalMessage) throws ScramException {
            int proofAt = clientFinalMessage.lastIndexOf(",p=");
            if (proofAt < 0) {
                throw new ScramException("the client-final message has no proof");
            }
            String withoutProof = clientFinalMessage.substring(0, proofAt);
            String[] attributes = withoutProof.split(",", -1);
            String binding = Base64.getEncoder().encodeToString(GS2_HEADER.getBytes(StandardCharsets.US_ASCII));
            if (attributes.length < 2 || !attributes[0].equals("c=" + binding) || !attributes[1].startsWith("r=")) {
                throw new ScramException("the client-final message is not c=biws,r=…");
            }
            if (!MessageDigest.isEqual(attributes[1].substring(2).getBytes(StandardCharsets.UTF_8),
                    nonce.getBytes(StandardCharsets.UTF_8))) {
                throw new ScramException("the nonce does not match");
            }
            byte[] proof;
            try {
                proof = Base64.getDecoder().decode(clientFinalMessage.substring(proofAt + 3));
            } catch (IllegalArgumentException e) {
                throw new ScramException("the proof is not base64");
            }
            byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
            byte[] clientSignature = hmac(storedKey, authMessage);
            if (proof.length != clientSignature.length) {
                throw new ScramException("wrong proof");
            }
            byte[] clientKey = new byte[proof.length];
            for (int i = 0; i < proof.length; i++) {
                clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
            }
            if (!MessageDigest.isEqual(sha256(clientKey), storedKey)) {
                throw new ScramException("wrong proof");
            }
            return "v=" + Base64.getEncoder().encodeToString(hmac(serverKey, authMessage));
        }
    }

    /** Why an authentication failed: for the server's log; the client is told only that it failed. */
    static final class ScramException extends Exception {
        private static final long serialVersionUID = 1L;

        ScramException(String message) {
            super(message);
        }
    }

    /** RFC 5802's saslname: "=2C" stands for ',' and "=3D" for '='. */
    private static String unescape(String saslName) throws ScramException {
        StringBuilder name = new StringBuilder(saslName.length());
        for (int i = 0; i < saslName.length(); i++) {
            char c = saslName.charAt(i);
            if (c != '=') {
                name.append(c);
            } else if (saslName.startsWith("=2C", i)) {
                name.append(',');
                i += 2;
            } else if (saslName.startsWith("=3D", i)) {
                name.append('=');
                i += 2;
            } else {
                throw new ScramException("the user name has a bad escape");
            }
        }
        return name.toString();
    }

    private static byte[] saltedPassword(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static byte[] hmac(byte[] key, String message) {
        return hmac(key, message.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no HmacSHA256", e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
