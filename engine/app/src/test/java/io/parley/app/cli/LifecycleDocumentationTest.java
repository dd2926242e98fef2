package io.parley.app.cli;

import io.parley.app.TestKeys;
import io.parley.engine.api.TenantId;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.app.server.ParleyServer;
import io.parley.app.server.RuleSetLoader;
import io.parley.engine.spi.storage.Storage;
import io.parley.storage.mongo.StorageFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/lifecycle.md's examples are run as written, on the files in examples/lifecycle: every
 * {@code curl} of its bash blocks against a server started as {@code parley serve} starts on an
 * empty data directory, and every {@code $ ./parley …} of its transcripts on another empty one.
 * A reply or output must be what the document shows after it; {@code …} in the document stands for
 * text left out.
 */
class LifecycleDocumentationTest {
    private String key;
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Path DOC = ROOT.resolve("docs/lifecycle.md");
    /** How long a GET is repeated until it shows what the document shows: evaluations and shadow runs are asynchronous. */
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Pattern STATUS = Pattern.compile("^(\\d{3}) ");

    private final HttpClient http = HttpClient.newHttpClient();

    /** One fenced block of the document: its language (empty for none), first line number and lines. */
    private record Block(String language, int line, List<String> lines) {
    }

    /** A request as written, with the reply shown after it: a status (200 when not shown) and a body, or null for none. */
    private record Request(int line, String command, Integer status, String body) {
    }

    @Test
    void theHttpExamplesGetTheRepliesTheDocumentShows(@TempDir Path dataDir) throws Exception {
        List<Request> requests = blocks().stream().filter(block -> block.language().equals("bash"))
                .flatMap(block -> requests(block).stream()).toList();
        assertThat(requests).as("curl examples in " + DOC).hasSizeGreaterThanOrEqualTo(15);

        PrometheusMeterRegistry metrics = ParleyServer.newMetrics();
        RuleSetLoader loader = new RuleSetLoader(System.err, metrics);
        Storage storage = StorageFactory.open(dataDir, null);
        // As `parley serve` starts on an empty data directory: the bundled example is the default rule set.
        try (ParleyServer server = new ParleyServer(storage, loader.forServing(null, storage.tenant(TenantId.DEFAULT)).evaluator(), metrics)) {
            String base = "127.0.0.1:" + server.startHttp("127.0.0.1", 0);
            key = TestKeys.admin(storage);
            for (Request request : requests) {
                send(request, base);
            }
        }
    }

    @Test
    void theCommandLineTranscriptsPrintWhatTheDocumentShows(@TempDir Path dataDir) {
        List<Block> transcripts = blocks().stream()
                .filter(block -> block.language().isEmpty() && block.lines().getFirst().startsWith("$ ./parley ")).toList();
        assertThat(transcripts).as("command-line transcripts in " + DOC).hasSizeGreaterThanOrEqualTo(2);

        for (Block transcript : transcripts) {
            List<String> lines = transcript.lines();
            for (int i = 0; i < lines.size(); i++) {
                String command = lines.get(i).substring("$ ./parley ".length());
                List<String> shown = new ArrayList<>();
                while (i + 1 < lines.size() && !lines.get(i + 1).startsWith("$ ")) {
                    shown.add(lines.get(++i));
                }
                List<String> args = new ArrayList<>(Arrays.stream(command.split(" +"))
                        .map(arg -> arg.startsWith("examples/") ? ROOT.resolve(arg).toString() : arg).toList());
                args.addAll(List.of("--data-dir", dataDir.toString()));

                ConsoleCapture ran = ConsoleCapture.run(args.toArray(String[]::new));

                String where = DOC.getFileName() + ":" + (transcript.line() + i) + ": $ ./parley " + command;
                assertThat(ran.exitCode()).as(where + "\n" + ran.err()).isZero();
                assertThat(ran.out().replace(ROOT + "/", "").stripTrailing()).as(where)
                        .matches(shownText(String.join("\n", shown)));
            }
        }
    }

    private void send(Request request, String base) throws Exception {
        List<String> words = words(request.command(), base);
        String method = null;
        String url = null;
        byte[] data = null;
        List<String> headers = new ArrayList<>();
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            switch (word) {
                case "-s" -> {
                }
                case "--oauth2-bearer" -> {
                    i++;
                    headers.add("Authorization");
                    headers.add("Bearer " + key);
                }
                case "-X" -> method = words.get(++i);
                case "-H" -> {
                    String header = words.get(++i);
                    int colon = header.indexOf(':');
                    headers.add(header.substring(0, colon).strip());
                    headers.add(header.substring(colon + 1).strip());
                }
                case "-d", "--data-binary" -> {
                    String value = words.get(++i);
                    data = value.startsWith("@") ? Files.readAllBytes(ROOT.resolve(value.substring(1))) : value.getBytes(StandardCharsets.UTF_8);
                }
                default -> url = word.contains("://") ? word : "http://" + word;
            }
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .method(method != null ? method : data != null ? "POST" : "GET",
                        data == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(data));
        if (!headers.isEmpty()) {
            builder.headers(headers.toArray(String[]::new));
        }
        String where = DOC.getFileName() + ":" + request.line() + ": " + request.command();
        boolean repeatable = builder.build().method().equals("GET");
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            HttpResponse<String> reply = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            boolean shown = request.body() == null
                    ? reply.statusCode() / 100 == 2
                    : reply.statusCode() == request.status() && reply.body().strip().matches(shownText(request.body()));
            if (shown) {
                return;
            }
            if (!repeatable || System.nanoTime() > deadline) {
                assertThat(reply.statusCode() + " " + reply.body()).as(where)
                        .matches(request.body() == null ? "2\\d\\d [\\s\\S]*" : request.status() + " " + shownText(request.body()));
                return;
            }
            Thread.sleep(50);
        }
    }

    /** The text as shown, as a pattern: literal, except that {@code …} stands for any text. */
    private static String shownText(String shown) {
        return Arrays.stream(shown.split("…", -1)).map(Pattern::quote).collect(Collectors.joining("[\\s\\S]*?"));
    }

    private static List<Block> blocks() {
        List<String> lines;
        try {
            lines = Files.readAllLines(DOC);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + DOC, e);
        }
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("```")) {
                String language = lines.get(i).substring(3).strip();
                int first = i + 1;
                while (!lines.get(++i).startsWith("```")) {
                    // the block's lines
                }
                blocks.add(new Block(language, first + 1, lines.subList(first, i)));
            }
        }
        return blocks;
    }

    /**
     * The {@code curl} commands of a bash block, each with the reply shown after it: a first line
     * {@code # → [STATUS] BODY}, continued by comment lines indented further.
     */
    private static List<Request> requests(Block block) {
        List<Request> requests = new ArrayList<>();
        List<String> lines = block.lines();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("curl ")) {
                continue;
            }
            int line = block.line() + i;
            StringBuilder command = new StringBuilder(lines.get(i));
            // A command goes on while a quote is open (a JSON body over several lines) or the line ends in '\'.
            while (command.chars().filter(c -> c == '\'').count() % 2 == 1 || command.toString().endsWith("\\")) {
                command.append('\n').append(lines.get(++i));
            }
            if (i + 1 < lines.size() && lines.get(i + 1).startsWith("# → ")) {
                StringBuilder shown = new StringBuilder(lines.get(++i).substring("# → ".length()));
                while (i + 1 < lines.size() && lines.get(i + 1).startsWith("#  ")) {
                    shown.append(lines.get(++i).substring(1).strip());
                }
                Matcher status = STATUS.matcher(shown);
                requests.add(status.find()
                        ? new Request(line, command.toString(), Integer.parseInt(status.group(1)), shown.substring(status.end()))
                        : new Request(line, command.toString(), 200, shown.toString()));
            } else {
                requests.add(new Request(line, command.toString(), null, null));
            }
        }
        return requests;
    }

    /** Splits a shell command into words as bash would: quotes, backslash-newline, and {@code $B} for the server. */
    private static List<String> words(String command, String base) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '\\' && i + 1 < command.length() && command.charAt(i + 1) == '\n') {
                i++;
                continue;
            }
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (word == null && c == '#') {
                break;
            }
            word = word == null ? new StringBuilder() : word;
            if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                word.append(command, i + 1, end);
                i = end;
            } else if (c == '"') {
                for (i++; command.charAt(i) != '"'; i++) {
                    if (command.charAt(i) == '\\' && "\"\\$".indexOf(command.charAt(i + 1)) >= 0) {
                        word.append(command.charAt(++i));
                    } else if (command.startsWith("$B", i)) {
                        word.append(base);
                        i++;
                    } else {
                        word.append(command.charAt(i));
                    }
                }
            } else if (command.startsWith("$B", i)) {
                word.append(base);
                i++;
            } else {
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
