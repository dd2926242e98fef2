package io.parley.engine.spi.storage;

/**
 * Where Parley keeps dialogues, results, rule sets, models and the dead letters of result sinks. The
 * MongoDB backend (embedded server or a real {@code mongodb://} URI) implements it; every backend
 * passes the same contract test suite.
 */
public interface Storage extends AutoCloseable {
    DialogueStore dialogues();

    ResultStore results();

    RuleSetStore rulesets();

    /**
     * Results of shadow runs (a draft rule-set version evaluated beside the published one on live
     * traffic), kept apart from {@link #results()} so that they never count as a dialogue's verdict.
     */
    ResultStore shadowResults();

    DeadLetterStore deadLetters();

    /** The signals of model-backed operators, stored with the results, reused by backtests. */
    AnnotationStore annotations();

    /** Backtest jobs: their state, progress and report. */
    JobStore backtestJobs();

    /** Shadow runs: which draft shadows which rule set, and their counts. */
    JobStore shadowRuns();

    /** Reviews, appeals, arbitrations, calibrations and final scores of scoring workflows. */
    VerdictStore verdicts();

    /** The models rule sets have used, by id and immutable version. */
    ModelRegistry models();

    /** A short description for logs and the health endpoint, e.g. "embedded MongoDB at data/parley.mv.db". */
    String describe();

    /** Round-trips to the server; false when it cannot be reached. */
    boolean ping();

    @Override
    void close();
}
