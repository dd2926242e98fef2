package io.parley.storage.mongo;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for an H2 {@link MVStore} whose own background writer is off: a writer that has
 * changed the store's maps calls {@link #awaitDurable()}, which returns only once a commit that
 * began after that call has been written to the file and forced to the disk
 * ({@link MVStore#commit()}, then {@link MVStore#sync()}). One thread commits whatever is pending
 * and releases every writer it covers, so many concurrent writers share one commit and one fsync.
 *
 * <p>With the background writer off, {@code commit()} stores synchronously on the calling thread
 * under the store's lock (H2 2.3: {@code store(true)}, no serialisation or buffer-saving executors),
 * so its return means the chunk is written. The thread also does what the background writer did
 * besides committing: it rewrites sparse chunks ({@link MVStore#compact(int, int)}) now and then,
 * so that the file does not grow with the number of commits.
 *
 * <p>When a commit fails (disk full, I/O error, a closed store) every waiting and every later writer
 * gets an {@link IllegalStateException}: nothing is acknowledged any more, and {@link #failure()}
 * says why.
 */
final class GroupCommitter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);
    /** H2's own housekeeping aims at chunks at least half full. */
    private static final int TARGET_FILL_RATE = 50;
    private static final int COMPACT_WRITE_BYTES = 4 * 1024 * 1024;
    private static final long COMPACT_INTERVAL_NANOS = 2_000_000_000L;

    private final MVStore store;
    private final Thread thread;
    /** Guarded by this: tickets handed to writers, and the highest ticket a finished commit covers. */
    private long requested;
    private long committed;
    private long commits;
    private RuntimeException failure;
    private boolean closing;

    GroupCommitter(MVStore store) {
        this.store = store;
        this.thread = Thread.ofPlatform().name("parley-h2-committer").daemon().unstarted(this::run);
        thread.start();
    }

    /**
     * Returns once everything this thread had written to the store's maps before the call is on disk.
     *
     * @throws IllegalStateException when the store can no longer commit, or was closed meanwhile
     */
    void awaitDurable() {
        boolean interrupted = false;
        try {
            synchronized (this) {
                checkUsable();
                long ticket = ++requested;
                notifyAll();
                while (committed < ticket && failure == null && thread.isAlive()) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (committed < ticket) {
                    checkUsable();
                    throw new IllegalStateException("the embedded store was closed before this write was committed");
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void checkUsable() {
        if (failure != null) {
            throw new IllegalStateException("the embedded store cannot commit: " + failure.getMessage(), failure);
        }
    }

    /** Why commits stopped, or null while they work. */
    synchronized RuntimeException failure() {
        return failure;
    }

    /** Commits done so far (for tests and measurements). */
    synchronized long commits() {
        return commits;
    }

    private void run() {
        long lastCompact = System.nanoTime();
        while (true) {
            long target;
            synchronized (this) {
                while (requested == committed && !closing) {
                    try {
                        wait(1_000);
                    } catch (InterruptedException e) {
                        closing = true;
                    }
                    if (requested == committed && System.nanoTime() - lastCompact > COMPACT_INTERVAL_NANOS) {
                        break;
                    }
                }
                if (requested == committed && closing) {
                    return;
                }
                target = requested;
            }
            try {
                if (System.nanoTime() - lastCompact > COMPACT_INTERVAL_NANOS) {
                    lastCompact = System.nanoTime();
                    store.compact(TARGET_FILL_RATE, COMPACT_WRITE_BYTES);
                }
                store.commit();
                store.sync();
            } catch (RuntimeException e) {
                log.error("the embedded store cannot commit; every write fails from now on", e);
                synchronized (this) {
                    failure = e;
                    notifyAll();
                }
                return;
            }
            synchronized (this) {
                committed = target;
                commits++;
                notifyAll();
            }
        }
    }

    /** Commits what is pending, releases its writers and stops the thread; the store stays open. */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        synchronized (this) {
            notifyAll();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
