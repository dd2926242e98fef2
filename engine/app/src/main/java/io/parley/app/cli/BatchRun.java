package io.parley.app.cli;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.dialogue.DialogueReader;
import io.parley.engine.api.dialogue.InvalidDialogueException;
import io.parley.engine.impl.ingest.DialogueIngestor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Feeds NDJSON dialogues through the ingest path (persist, evaluate, store) on a few worker
 * threads, in batches of {@link DialogueIngestor#BATCH_SIZE} so that storage writes are shared.
 * Lines are read as they are needed (a semaphore bounds the batches in flight), so a file of any
 * size streams through. A bad line is reported with its line number and skipped.
 */
final class BatchRun {
    record Outcome(int accepted, int rejected, int failed, double seconds) {
    }

    private record Line(int number, Dialogue dialogue) {
    }

    private final DialogueIngestor ingestor;
    private final DialogueReader reader = new DialogueReader();
    private final PrintStream errors;
    private final int workers;

    BatchRun(DialogueIngestor ingestor, PrintStream errors, int workers) {
        this.ingestor = ingestor;
        this.errors = errors;
        this.workers = workers;
    }

    Outcome process(String sourceName, BufferedReader lines, ProgressBar progress) {
        long start = System.nanoTime();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Semaphore inFlight = new Semaphore(workers * 2);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Line> batch = new ArrayList<>(DialogueIngestor.BATCH_SIZE);
            String line;
            int lineNumber = 0;
            while ((line = lines.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    batch.add(new Line(lineNumber, reader.read(line)));
                } catch (InvalidDialogueException e) {
                    rejected.incrementAndGet();
                    int reportedLine = lineNumber;
                    e.errors().forEach(error -> errors.printf("%s:%d: %s%n", sourceName, reportedLine, error));
                    progress.update(done.incrementAndGet());
                    continue;
                }
                if (batch.size() == DialogueIngestor.BATCH_SIZE) {
                    inFlight.acquireUninterruptibly();
                    List<Line> full = batch;
                    pool.execute(() -> evaluate(sourceName, full, accepted, failed, done, inFlight, progress));
                    batch = new ArrayList<>(DialogueIngestor.BATCH_SIZE);
                }
            }
            if (!batch.isEmpty()) {
                inFlight.acquireUninterruptibly();
                List<Line> rest = batch;
                pool.execute(() -> evaluate(sourceName, rest, accepted, failed, done, inFlight, progress));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + sourceName, e);
        } finally {
            pool.shutdown();
            awaitQuietly(pool);
            progress.finish();
        }
        return new Outcome(accepted.get(), rejected.get(), failed.get(), (System.nanoTime() - start) / 1e9);
    }

    private void evaluate(String sourceName, List<Line> batch, AtomicInteger accepted, AtomicInteger failed,
                          AtomicInteger done, Semaphore inFlight, ProgressBar progress) {
        try {
            List<DialogueIngestor.Evaluation> evaluations =
                    ingestor.evaluateAndStoreAll(batch.stream().map(Line::dialogue).toList());
            for (int i = 0; i < batch.size(); i++) {
                if (evaluations.get(i).failure() == null) {
                    accepted.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    errors.printf("%s:%d: %s%n", sourceName, batch.get(i).number(), evaluations.get(i).failure().getMessage());
                }
            }
        } finally {
            inFlight.release();
            progress.update(done.addAndGet(batch.size()));
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                // a slow storage backend: keep waiting, the results are not lost
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
