package io.parley.app.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code parley --help} and {@code parley COMMAND --help} show: picocli lists a command by the
 * first paragraph of its description and prints each paragraph on lines of its own, so a sentence
 * split across paragraphs shows cut off. Every paragraph must end a sentence, and every entry of a
 * command list must be a whole sentence of at most two lines.
 */
class HelpTextTest {
    private static final int MAX_SUMMARY_LINES = 2;
    /** An entry of the "Commands:" section: its name two spaces in, then its summary. */
    private static final Pattern ENTRY = Pattern.compile("^  (\\S+)\\s+(.*)$");

    @Test
    void everyDescriptionParagraphEndsASentence() {
        List<String> cut = new ArrayList<>();
        for (CommandLine command : allCommands(ParleyCli.commandLine())) {
            for (String paragraph : command.getCommandSpec().usageMessage().description()) {
                if (!endsASentence(paragraph)) {
                    cut.add(command.getCommandSpec().qualifiedName() + ": " + paragraph);
                }
            }
        }
        assertThat(cut).as("description paragraphs that stop mid-sentence").isEmpty();
    }

    @Test
    void everyCommandListShowsWholeSentencesThatFit() {
        int lists = 0;
        for (CommandLine command : allCommands(ParleyCli.commandLine())) {
            if (command.getSubcommands().isEmpty()) {
                continue;
            }
            lists++;
            List<List<String>> entries = commandList(command.getUsageMessage());
            assertThat(entries).as(command.getCommandSpec().qualifiedName() + "'s command list")
                    .hasSize(command.getSubcommands().size());
            for (List<String> entry : entries) {
                String summary = String.join(" ", entry).replaceFirst("^\\S+\\s+", "");
                assertThat(endsASentence(summary)).as("%s --help: %s", command.getCommandSpec().qualifiedName(), entry).isTrue();
                assertThat(entry).as("%s --help: %s", command.getCommandSpec().qualifiedName(), entry)
                        .hasSizeLessThanOrEqualTo(MAX_SUMMARY_LINES);
            }
        }
        assertThat(lists).as("parley and its command groups (rules, workflow, eval, train, models)").isGreaterThanOrEqualTo(6);
    }

    /**
     * A summary ends a sentence: with a full stop that is not part of "e.g.", and nothing left open.
     * A trailing {@code %n} is picocli's line break, not text.
     */
    private static boolean endsASentence(String text) {
        String trimmed = text.replaceFirst("%n$", "").strip();
        return trimmed.endsWith(".") && !trimmed.endsWith("e.g.") && !trimmed.endsWith("i.e.")
                && count(trimmed, '(') == count(trimmed, ')');
    }

    private static long count(String text, char c) {
        return text.chars().filter(ch -> ch == c).count();
    }

    /** The entries of the "Commands:" section, each as its rendered lines. */
    private static List<List<String>> commandList(String usage) {
        List<List<String>> entries = new ArrayList<>();
        boolean inList = false;
        for (String line : usage.lines().toList()) {
            if (line.equals("Commands:")) {
                inList = true;
                continue;
            }
            if (!inList || line.isBlank()) {
                continue;
            }
            Matcher entry = ENTRY.matcher(line);
            if (entry.matches()) {
                entries.add(new ArrayList<>(List.of(line.strip())));
            } else {
                entries.getLast().add(line.strip());
            }
        }
        return entries;
    }

    private static List<CommandLine> allCommands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>(List.of(root));
        root.getSubcommands().values().stream().distinct().forEach(sub -> all.addAll(allCommands(sub)));
        return all;
    }
}
