package io.parley.plugins.chatexport;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.engine.api.Dialogue;
import io.parley.engine.spi.plugin.DialogueSourcePlugin.Listener;
import io.parley.plugins.chatexport.MessageMapper.Message;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Groups messages into dialogues by session, emitting them in the order their sessions first
 * appeared. A session is complete once {@code gap} messages have passed without one of it; it is
 * emitted once it and every session before it are complete. Memory therefore holds the messages
 * of sessions not yet emitted (about {@code gap} messages for an export sorted by session; the
 * sessions open across that window for one sorted by time; everything after a session that never
 * goes quiet), plus the ids of emitted sessions: a late message of one of those is reported as a
 * bad record rather than emitted as a second dialogue that would replace the first.
 */
final class SessionGrouper {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private record Turn(String role, String text, OffsetDateTime at, String speaker) {
    }

    private static final class Session {
        final String id;
        final List<Turn> turns = new ArrayList<>();
        final Map<String, String> attributes = new LinkedHashMap<>();
        final Set<String> parties = new LinkedHashSet<>();
        String agent;
        String customer;
        long lastMessage;

        Session(String id) {
            this.id = id;
        }

        void add(Message message, long index) {
            turns.add(new Turn(message.role(), message.text(), message.at(),
                    message.role().equals("agent") ? message.agent() : null));
            if (!Dialogue.BUILT_IN_ROLES.contains(message.role())) {
                parties.add(message.role());
            }
            agent = agent != null ? agent : message.agent();
            customer = customer != null ? customer : message.customer();
            message.attributes().forEach(attributes::putIfAbsent);
            lastMessage = index;
        }
    }

    private final int gap;
    private final Listener listener;
    private final LinkedHashMap<String, Session> open = new LinkedHashMap<>();
    private final Set<String> emitted = new HashSet<>();
    private long messages;

    SessionGrouper(int gap, Listener listener) {
        this.gap = gap;
        this.listener = listener;
    }

    void add(Message message) {
        long index = ++messages;
        Session session = open.get(message.session());
        if (session == null) {
            if (emitted.contains(message.session())) {
                listener.badRecord(message.row(), "session '" + message.session() + "' continues after its dialogue was "
                        + "emitted (no message of it in the " + gap + " rows before); sort the export by session or raise "
                        + "'sessionGap'");
                return;
            }
            session = new Session(message.session());
            open.put(message.session(), session);
        }
        session.add(message, index);
        while (!open.isEmpty() && index - open.firstEntry().getValue().lastMessage >= gap) {
            emit(open.pollFirstEntry().getValue());
        }
    }

    /** Emits every session still open: the input has ended. */
    void finish() {
        while (!open.isEmpty()) {
            emit(open.pollFirstEntry().getValue());
        }
    }

    private void emit(Session session) {
        emitted.add(session.id);
        ObjectNode dialogue = JSON.objectNode().put("id", session.id).put("channel", "im");
        session.turns.stream().map(Turn::at).filter(Objects::nonNull).findFirst()
                .ifPresent(startedAt -> dialogue.put("startedAt", format(startedAt)));
        if (session.agent != null) {
            dialogue.putObject("agent").put("id", session.agent);
        }
        if (session.customer != null) {
            dialogue.putObject("customer").put("id", session.customer);
        }
        if (!session.parties.isEmpty()) {
            ArrayNode parties = dialogue.putArray("parties");
            session.parties.forEach(parties::add);
        }
        ArrayNode turns = dialogue.putArray("turns");
        for (Turn turn : session.turns) {
            ObjectNode node = turns.addObject().put("role", turn.role()).put("text", turn.text());
            if (turn.at() != null) {
                node.put("at", format(turn.at()));
            }
            if (turn.speaker() != null) {
                node.put("speaker", turn.speaker());
            }
        }
        if (!session.attributes.isEmpty()) {
            ObjectNode attributes = dialogue.putObject("attributes");
            session.attributes.forEach(attributes::put);
        }
        listener.dialogue(dialogue);
    }

    private static String format(OffsetDateTime time) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
    }
}
