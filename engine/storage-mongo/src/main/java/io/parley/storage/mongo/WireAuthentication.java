package io.parley.storage.mongo;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SCRAM-SHA-256 authentication on the MongoDB wire, as mongod does it, for the embedded server
 * (mongo-java-server has none of its own): {@code saslStart} and {@code saslContinue} on the
 * {@code admin} database, and the {@code speculativeAuthenticate} that the Java driver puts in its
 * first {@code isMaster}. Each connection (Netty channel) keeps its own state in a channel
 * attribute, which goes away with the channel.
 *
 * <p>Before a connection has authenticated it may only run {@link #OPEN_COMMANDS}: the handshake
 * ({@code hello}, {@code isMaster}), {@code buildInfo}, {@code ping} and the two SASL commands, as
 * with mongod, where these need no authentication either (the driver's monitoring connections
 * never authenticate: they only run {@code isMaster}). Any other command is answered with error 13,
 * {@code Unauthorized}.
 */
final class WireAuthentication {
    private static final Logger log = LoggerFactory.getLogger(WireAuthentication.class);
    /** Lower case: mongo-java-server matches command names ignoring case. */
    static final Set<String> OPEN_COMMANDS = Set.of("hello", "ismaster", "buildinfo", "ping", "saslstart", "saslcontinue");
    static final String ADMIN = "admin";
    static final int UNAUTHORIZED = 13;
    static final int AUTHENTICATION_FAILED = 18;
    static final int PROTOCOL_ERROR = 17;
    static final int MECHANISM_UNAVAILABLE = 334;
    /** mongod numbers a connection's SASL conversations from 1; there is only ever one at a time. */
    private static final int CONVERSATION_ID = 1;
    private static final AttributeKey<State> STATE = AttributeKey.valueOf(WireAuthentication.class, "state");

    /** The next handler of a command: mongo-java-server's own. */
    @FunctionalInterface
    interface Commands {
        Document handle(Channel channel, String databaseName, String command, Document query);
    }

    /**
     * A connection's state: whether it has authenticated (it stays so), and the conversation under
     * way if any, with the server-final message already sent when awaiting the empty last step.
     */
    private record State(boolean authenticated, ScramSha256.Conversation conversation, boolean skipEmptyExchange,
                         boolean awaitingEmptyStep) {
        static final State NEW = new State(false, null, false, false);

        State idle() {
            return new State(authenticated, null, false, false);
        }
    }

    private final ScramSha256 scram;

    WireAuthentication(ScramSha256 scram) {
        this.scram = scram;
    }

    boolean isAuthenticated(Channel channel) {
        return state(channel).authenticated();
    }

    Document handleCommand(Channel channel, String databaseName, String command, Document query, Commands next) {
        String name = command.toLowerCase(Locale.ROOT);
        switch (name) {
            case "saslstart":
                return saslStart(channel, databaseName, query);
            case "saslcontinue":
                return saslContinue(channel, query);
            case "ismaster":
            case "hello":
                return handshake(channel, databaseName, name, query, next);
            default:
                if (!OPEN_COMMANDS.contains(name) && !isAuthenticated(channel)) {
                    log.debug("refused {} on unauthenticated connection {}", command, channel.id());
                    return error(UNAUTHORIZED, "Unauthorized", "command " + command + " requires authentication");
                }
                return next.handle(channel, databaseName, command, query);
        }
    }

    /** mongo-java-server's isMaster, with what mongod adds for authentication; {@code hello} answered the same way. */
    private Document handshake(Channel channel, String databaseName, String name, Document query, Commands next) {
        Document response = next.handle(channel, databaseName, "ismaster", query);
        if (name.equals("hello")) {
            response.put("isWritablePrimary", response.remove("ismaster"));
        }
        if ((ADMIN + "." + scram.user()).equals(query.get("saslSupportedMechs"))) {
            response.put("saslSupportedMechs", List.of(ScramSha256.MECHANISM));
        }
        if (query.get("speculativeAuthenticate") instanceof Document speculative) {
            // As mongod: a speculative start that fails leaves the field out, and the driver then
            // authenticates with saslStart, whose failure it reports.
            Object db = speculative.get("db");
            Document started = saslStart(channel, db instanceof String s ? s : databaseName, speculative);
            if (isOk(started)) {
                started.remove("ok");
                response.put("speculativeAuthenticate", started);
            }
        }
        return response;
    }

    private Document saslStart(Channel channel, String databaseName, Document query) {
        State state = state(channel).idle();
        channel.attr(STATE).set(state);
        if (!ScramSha256.MECHANISM.equals(query.get("mechanism"))) {
            return error(MECHANISM_UNAVAILABLE, "MechanismUnavailable", "Received authentication for mechanism "
                    + query.get("mechanism") + " which is not enabled (only " + ScramSha256.MECHANISM + " is)");
        }
        if (!ADMIN.equals(databaseName)) {
            return authenticationFailed(channel, "a user of database " + databaseName + " (the user is in admin)");
        }
        byte[] payload = payload(query);
        if (payload == null) {
            return error(PROTOCOL_ERROR, "ProtocolError", "saslStart has no binary payload");
        }
        ScramSha256.Conversation conversation;
        try {
            conversation = scram.start(new String(payload, StandardCharsets.UTF_8));
        } catch (ScramSha256.ScramException e) {
            return authenticationFailed(channel, e.getMessage());
        }
        boolean skipEmptyExchange = query.get("options") instanceof Document options
                && Boolean.TRUE.equals(options.get("skipEmptyExchange"));
        channel.attr(STATE).set(new State(state.authenticated(), conversation, skipEmptyExchange, false));
        return reply(false, conversation.serverFirstMessage());
    }

    private Document saslContinue(Channel channel, Document query) {
        State state = state(channel);
        channel.attr(STATE).set(state.idle());
        if (state.conversation() == null || !(query.get("conversationId") instanceof Number id)
                || id.intValue() != CONVERSATION_ID) {
            return error(PROTOCOL_ERROR, "ProtocolError", "No SASL session state found");
        }
        byte[] payload = payload(query);
        if (payload == null) {
            return error(PROTOCOL_ERROR, "ProtocolError", "saslContinue has no binary payload");
        }
        if (state.awaitingEmptyStep()) {
            // The driver's last, empty step, when it did not ask to skip it.
            if (payload.length != 0) {
                return authenticationFailed(channel, "the last SCRAM step is not empty");
            }
            return authenticated(channel, "");
        }
        String serverFinal;
        try {
            serverFinal = state.conversation().finish(new String(payload, StandardCharsets.UTF_8));
        } catch (ScramSha256.ScramException e) {
            return authenticationFailed(channel, e.getMessage());
        }
        if (state.skipEmptyExchange()) {
            return authenticated(channel, serverFinal);
        }
        channel.attr(STATE).set(new State(state.authenticated(), state.conversation(), false, true));
        return reply(false, serverFinal);
    }

    private Document authenticated(Channel channel, String payload) {
        channel.attr(STATE).set(new State(true, null, false, false));
        log.debug("connection {} authenticated as {}", channel.id(), scram.user());
        return reply(true, payload);
    }

    private static Document authenticationFailed(Channel channel, String reason) {
        // The reason goes to the log only: a client learns no more than mongod would tell it.
        log.warn("authentication failed on the embedded database's connection {} from {}: {}", channel.id(),
                channel.remoteAddress(), reason);
        return error(AUTHENTICATION_FAILED, "AuthenticationFailed", "Authentication failed.");
    }

    private static Document reply(boolean done, String payload) {
        Document reply = new Document("conversationId", CONVERSATION_ID);
        reply.put("done", done);
        reply.put("payload", new BinData(payload.getBytes(StandardCharsets.UTF_8)));
        reply.put("ok", 1.0);
        return reply;
    }

    /**
     * An error reply, returned rather than thrown: mongo-java-server logs a thrown error with the
     * whole command, which for these commands holds SCRAM messages or a refused client's data.
     */
    private static Document error(int code, String codeName, String message) {
        Document error = new Document("ok", 0.0);
        error.put("errmsg", message);
        error.put("code", code);
        error.put("codeName", codeName);
        return error;
    }

    private static boolean isOk(Document reply) {
        return reply.get("ok") instanceof Number ok && ok.doubleValue() == 1.0;
    }

    private static byte[] payload(Document query) {
        return query.get("payload") instanceof BinData data ? data.getData() : null;
    }

    private static State state(Channel channel) {
        State state = channel.attr(STATE).get();
        return state == null ? State.NEW : state;
    }
}
