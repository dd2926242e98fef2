package io.parley.app.cli;

import java.io.PrintStream;

/** A one-line progress bar redrawn in place; silent when the output is not a terminal (logs, CI). */
final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean enabled;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long lastDrawNanos;

    ProgressBar(PrintStream out, long total) {
        this(out, total, System.console() != null);
    }

    ProgressBar(PrintStream out, long total, boolean enabled) {
        this.out = out;
        this.total = total;
        this.enabled = enabled;
    }

    synchronized void update(long done) {
        long now = System.nanoTime();
        if (!enabled || (now - lastDrawNanos < REDRAW_NANOS && done < total)) {
            return;
        }
        lastDrawNanos = now;
        double fraction = total <= 0 ? 0 : Math.min(1, (double) done / total);
        int filled = (int) (fraction * WIDTH);
        double seconds = (now - startNanos) / 1e9;
        out.printf("\r[%s%s] %d/%d dialogues  %.0f/s ", "#".repeat(filled), ".".repeat(WIDTH - filled), done, total,
                seconds > 0 ? done / seconds : 0);
        out.flush();
    }

    synchronized void finish() {
        if (enabled) {
            out.println();
        }
    }
}
