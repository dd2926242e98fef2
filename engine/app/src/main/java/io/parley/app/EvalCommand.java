package io.parley.app;

import picocli.CommandLine.Command;

@Command(name = "eval", description = "Measures a model task on a labelled data file: prints eval.<task>.<metric> lines.", mixinStandardHelpOptions = true, subcommands = {EvalSatisfactionCommand.class, EvalSentimentCommand.class}) final class EvalCommand {}
