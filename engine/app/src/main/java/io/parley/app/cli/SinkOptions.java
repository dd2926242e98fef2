package io.parley.app.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where results go besides storage. */
final class SinkOptions {
    @Option(names = "--sinks", paramLabel = "FILE",
            description = "Result sinks, a JSON array like [{\"plugin\": \"webhook\", \"config\": {\"url\": \"…\", \"secret\": \"…\"}}] (see `parley plugins`).")
    Path sinksFile;
}
