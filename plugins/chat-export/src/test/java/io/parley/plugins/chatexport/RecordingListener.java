package io.parley.plugins.chatexport;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.engine.spi.plugin.DialogueSourcePlugin.Listener;

import java.util.ArrayList;
import java.util.List;

/** Keeps what a source reported, and in which order. */
final class RecordingListener implements Listener {
    final List<JsonNode> dialogues = new ArrayList<>();
    /** "row: reason" */
    final List<String> badRecords = new ArrayList<>();
    final List<Long> progress = new ArrayList<>();
    /** Rows the row mapper skipped. */
    final List<Long> skipped = new ArrayList<>();
    /** "dialogue ID" and "bad ROW", interleaved as they happened. */
    final List<String> events = new ArrayList<>();

    @Override
    public void dialogue(JsonNode dialogue) {
        dialogues.add(dialogue);
        events.add("dialogue " + dialogue.get("id").asText());
    }

    @Override
    public void badRecord(long row, String reason) {
        badRecords.add(row + ": " + reason);
        events.add("bad " + row);
    }

    @Override
    public void skipped(long row) {
        skipped.add(row);
    }

    @Override
    public void progress(long bytesRead) {
        progress.add(bytesRead);
    }

    List<String> ids() {
        return dialogues.stream().map(dialogue -> dialogue.get("id").asText()).toList();
    }
}
