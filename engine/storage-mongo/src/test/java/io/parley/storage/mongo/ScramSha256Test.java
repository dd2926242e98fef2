package io.parley.storage.mongo;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server side of SCRAM-SHA-256 against RFC 7677's example exchange (section 3). */
class ScramSha256Test {
    private static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
    private static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String NONCE = "rOprNGfwEbeRWgbNEkqO" + SERVER_NONCE;
    private static final String PROOF = "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private final ScramSha256 scram = new ScramSha256("user", "pencil", SALT, 4096);

    @Test
    void answersRfc7677sExampleExchange() throws Exception {
        ScramSha256.Conversation conversation = scram.start(CLIENT_FIRST, SERVER_NONCE);

        assertThat(conversation.serverFirstMessage()).isEqualTo("r=" + NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        assertThat(conversation.finish("c=biws,r=" + NONCE + ",p=" + PROOF))
                .isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    @Test
    void aWrongProofFails() throws Exception {
        byte[] proof = Base64.getDecoder().decode(PROOF);
        proof[0] ^= 1;
        String wrong = Base64.getEncoder().encodeToString(proof);

        assertThatThrownBy(() -> scram.start(CLIENT_FIRST, SERVER_NONCE).finish("c=biws,r=" + NONCE + ",p=" + wrong))
                .isInstanceOf(ScramSha256.ScramException.class).hasMessage("wrong proof");
        assertThatThrownBy(() -> scram.start(CLIENT_FIRST, SERVER_NONCE).finish("c=biws,r=" + NONCE + ",p=AAAA"))
                .isInstanceOf(ScramSha256.ScramException.class).hasMessage("wrong proof");
        assertThatThrownBy(() -> scram.start(CLIENT_FIRST, SERVER_NONCE).finish("c=biws,r=" + NONCE + ",p=***"))
                .isInstanceOf(ScramSha256.ScramException.class).hasMessage("the proof is not base64");
    }

    /** The right password proves nothing for another password's keys. */
    @Test
    void anotherPasswordsKeysRefuseTheProof() throws Exception {
        ScramSha256 other = new ScramSha256("user", "pencil2", SALT, 4096);

        assertThatThrownBy(() -> other.start(CLIENT_FIRST, SERVER_NONCE).finish("c=biws,r=" + NONCE + ",p=" + PROOF))
                .isInstanceOf(ScramSha256.ScramException.class).hasMessage("wrong proof");
    }

    @Test
    void theNonceMustBeTheServersAndTheBindingNone() throws Exception {
        assertThatThrownBy(() -> scram.start(CLIENT_FIRST, SERVER_NONCE)
                .finish("c=biws,r=rOprNGfwEbeRWgbNEkqOother,p=" + PROOF))
                .isInstanceOf(ScramSha256.ScramException.class).hasMessage("the nonce does not match");
        assertThatThrownBy(() -> scram.start(CLIENT_FIRST, SERVER_NONCE).finish("c=eSws,r=" + NONCE + ",p=" + PROOF))
                .isInstanceOf(ScramSha256.ScramException.class).hasMessageContaining("c=biws");
        assertThatThrownBy(() -> scram.start(CLIENT_FIRST, SERVER_NONCE).finish("c=biws,r=" + NONCE))
                .isInstanceOf(ScramSha256.ScramException.class).hasMessage("the client-final message has no proof");
    }

    @Test
    void anotherUserOrAMalformedFirstMessageIsRefused() {
        assertThatThrownBy(() -> scram.start("n,,n=admin,r=abc")).hasMessage("unknown user");
        assertThatThrownBy(() -> scram.start("p=tls-server-end-point,,n=user,r=abc")).hasMessageContaining("n,,");
        assertThatThrownBy(() -> scram.start("y,,n=user,r=abc")).hasMessageContaining("n,,");
        assertThatThrownBy(() -> scram.start("n,a=user,n=user,r=abc")).hasMessageContaining("n,,");
        assertThatThrownBy(() -> scram.start("n,,r=abc,n=user")).hasMessageContaining("n=…,r=…");
        assertThatThrownBy(() -> scram.start("n,,n=user,r=")).hasMessage("the client nonce is empty");
        assertThatThrownBy(() -> scram.start("n,,n=us=er,r=abc")).hasMessage("the user name has a bad escape");
    }

    @Test
    void userNamesAreUnescaped() throws Exception {
        ScramSha256 odd = new ScramSha256("a,b=c", "pencil", SALT, 4096);

        assertThat(odd.start("n,,n=a=2Cb=3Dc,r=abc").serverFirstMessage()).startsWith("r=abc");
    }

    @Test
    void eachConversationHasAServerNonceOfItsOwn() throws Exception {
        String first = scram.start(CLIENT_FIRST).serverFirstMessage();
        String second = scram.start(CLIENT_FIRST).serverFirstMessage();

        assertThat(first).startsWith("r=rOprNGfwEbeRWgbNEkqO").isNotEqualTo(second);
        assertThat(first.substring(2, first.indexOf(','))).hasSizeGreaterThan("rOprNGfwEbeRWgbNEkqO".length() + 24);
    }
}
