package io.parley.engine.impl.lifecycle;

import io.parley.engine.api.DialogueEvaluator;
import io.parley.engine.spi.plugin.DialogueMapperPlugin.DialogueMapper;

import java.util.Optional;

/**
 * The published rule sets a server evaluates incoming dialogues with: the default one, any other
 * by id ({@code ?ruleset=ID}), and the default one's raw-record mapper. Each evaluator follows
 * publishes: it evaluates with the version in force when each evaluation starts.
 */
public interface RuleSetsInForce {

    /** The default rule set's evaluator. */
    DialogueEvaluator defaultEvaluator();

    /** @throws RuleSetNotFoundException naming what is published, when {@code id} is not */
    DialogueEvaluator evaluator(String id);

    /** The raw-record mapper of the default rule set's version in force, if it declares one. */
    Optional<DialogueMapper> defaultMapper();
}
