package io.parley.storage.mongo;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCommitterTest {
    @TempDir
    Path dir;

    @Test
    void concurrentWritersShareCommitsAndEveryAwaitedWriteIsInTheFile() throws InterruptedException {
        String file = dir.resolve("test.mv.db").toString();
        int threads = 16;
        int writesEach = 40;
        long commits;
        MVStore store = new MVStore.Builder().fileName(file).autoCommitDisabled().open();
        try (GroupCommitter committer = new GroupCommitter(store)) {
            MVMap<String, Integer> map = store.openMap("m");
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < writesEach; i++) {
                        map.put(thread + "-" + i, i);
                        committer.awaitDurable();
                    }
                }));
            }
            for (Thread writer : writers) {
                writer.join();
            }
            commits = committer.commits();
        }
        // Without closing the store (as after kill -9): what was awaited is in the file.
        store.closeImmediately();

        assertThat(commits).as("commits for %d awaited writes", threads * writesEach).isLessThan(threads * writesEach);
        MVStore reopened = new MVStore.Builder().fileName(file).open();
        try {
            assertThat(reopened.<String, Integer>openMap("m").size()).isEqualTo(threads * writesEach);
        } finally {
            reopened.close();
        }
    }

    @Test
    void afterAFailedCommitEveryWriterIsRefused() {
        MVStore store = new MVStore.Builder().fileName(dir.resolve("test.mv.db").toString()).autoCommitDisabled().open();
        try (GroupCommitter committer = new GroupCommitter(store)) {
            store.<String, Integer>openMap("m").put("a", 1);
            committer.awaitDurable();

            store.closeImmediately();

            assertThatThrownBy(committer::awaitDurable).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot commit");
            assertThatThrownBy(committer::awaitDurable).isInstanceOf(IllegalStateException.class);
            assertThat(committer.failure()).isNotNull();
        }
    }
}
