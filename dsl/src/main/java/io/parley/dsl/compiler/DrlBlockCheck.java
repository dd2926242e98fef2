package io.parley.dsl.compiler;

import io.parley.dsl.ast.Declaration;
import io.parley.dsl.diagnostics.DiagnosticCode;
import io.parley.dsl.diagnostics.Diagnostics;
import io.parley.dsl.source.SourceFile;
import io.parley.dsl.source.Span;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;

import java.util.List;
import java.util.UUID;

/**
 * Compiles the DRL of a rule set that holds hand-written {@code drools { … }} blocks, and reports
 * each Drools error at the line of the Parley file it comes from (PRL0325). Generated DRL is
 * correct by construction, so files without blocks are not compiled here: the runtime's
 * compilation is enough. Drools numbers lines of the whole package; a block's lines are found
 * where its text sits in the generated package.
 */
public final class DrlBlockCheck {
    private DrlBlockCheck() {
    }

    /** @return whether the DRL compiled without errors (always true without blocks) */
    public static boolean check(String drl, List<Declaration.Drools> blocks, Diagnostics diagnostics) {
        if (blocks.isEmpty()) {
            return true;
        }
        KieServices services = KieServices.get();
        ReleaseId releaseId = services.newReleaseId("io.parley.dsl.check", "drl", UUID.randomUUID().toString());
        KieFileSystem files = services.newKieFileSystem().generateAndWritePomXML(releaseId);
        files.write("src/main/resources/check/rules.drl", drl);
        KieBuilder builder = services.newKieBuilder(files, DrlBlockCheck.class.getClassLoader()).buildAll();
        try {
            List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
            errors.forEach(error -> report(error, drl, blocks, diagnostics));
            return errors.isEmpty();
        } finally {
            services.getRepository().removeKieModule(releaseId);
        }
    }

    private static void report(Message error, String drl, List<Declaration.Drools> blocks, Diagnostics diagnostics) {
        SourceFile source = diagnostics.source();
        String message = message(error.getText());
        for (Declaration.Drools block : blocks) {
            int firstDrlLine = lineOf(drl, drl.indexOf(block.drl()));
            int lines = (int) block.drl().lines().count();
            int offset = error.getLine() - firstDrlLine;
            if (error.getLine() > 0 && offset >= 0 && offset < Math.max(lines, 1)) {
                int line = source.line(block.drlSpan().start()) + offset;
                int start = source.offsetOf(line);
                String text = source.lineText(line);
                int indent = text.length() - text.stripLeading().length();
                diagnostics.report(DiagnosticCode.INVALID_DRL, new Span(start + indent, start + Math.max(indent + 1, text.length())),
                        "invalid DRL: " + message, "the block is compiled as part of the rule set's DRL package");
                return;
            }
        }
        // Not inside a block (e.g. a rule name the generated rules use too): point at the first block.
        Declaration.Drools first = blocks.getFirst();
        diagnostics.report(DiagnosticCode.INVALID_DRL, new Span(first.span().start(), first.span().start() + "drools".length()),
                "invalid DRL: " + message, "the block is compiled as part of the rule set's DRL package");
    }

    /** Drools' first line, and its "[Error: …]" detail when it gives one. */
    private static String message(String text) {
        List<String> lines = text.strip().lines().map(String::strip).toList();
        String first = lines.isEmpty() ? "invalid DRL" : lines.getFirst().replaceAll(":$", "");
        return lines.stream().filter(line -> line.startsWith("[Error:"))
                .map(line -> first + ": " + line.substring("[Error:".length(), line.endsWith("]") ? line.length() - 1 : line.length()).strip())
                .findFirst().orElse(first);
    }

    /** 1-based line of a character offset. */
    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
