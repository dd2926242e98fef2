package io.parley.app.cli;

import picocli.CommandLine.Command;

@Command(name = "train", description = "Trains a model on labelled public datasets and writes its files: prints the split and held-out metrics.", mixinStandardHelpOptions = true, subcommands = {TrainSentimentCommand.class, TrainIntentCommand.class})
final class TrainCommand {}
