package io.parley.app.cli;

import picocli.CommandLine.Command;

/** {@code parley eval TASK}: one subcommand per model task. */
@Command(name = "eval", description = "Measures a model task on a labelled data file: prints eval.<task>.<metric> lines.", mixinStandardHelpOptions = true, subcommands = {EvalIntentCommand.class, EvalSatisfactionCommand.class, EvalSentimentCommand.class}) final class EvalCommand {}
