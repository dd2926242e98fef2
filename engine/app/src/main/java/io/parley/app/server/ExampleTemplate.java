package io.parley.app.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The e-commerce example from {@code examples/ecommerce-presale}: read from the checkout when the
 * launcher says where it is ({@code -Dparley.home}), otherwise from the copy bundled in the jar.
 */
public record ExampleTemplate(String location, String ruleFileName, String ruleSource, String dialoguesNdjson) {
    static final String NAME = "ecommerce-presale";
    private static final String RULES = "template.parley";
    private static final String DIALOGUES = "dialogues.ndjson";

    public static ExampleTemplate ecommerce() {
        String home = System.getProperty("parley.home");
        if (home != null) {
            Path folder = Path.of(home, "examples", NAME);
            if (Files.isRegularFile(folder.resolve(RULES))) {
                return new ExampleTemplate(folder.toString(), "examples/" + NAME + "/" + RULES,
                        read(folder.resolve(RULES)), read(folder.resolve(DIALOGUES)));
            }
        }
        String base = "templates/" + NAME + "/";
        return new ExampleTemplate("bundled " + NAME, NAME + "/" + RULES, resource(base + RULES), resource(base + DIALOGUES));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = ExampleTemplate.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the bundled example is missing from the jar: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
