package io.loopbridge.core.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/**
 * A minimal loop for the coroutine mechanism's tests: a queue that any thread may post to, drained on the
 * test thread by {@link #runOnce()} (a snapshot of what was queued on entry, asyncio's {@code _run_once}),
 * which may be re-entered from a callback to model a nested event loop ({@code showAndWait()}, a
 * {@code SecondaryLoop}); {@link #depth()} is its nesting depth, fed to the registry as the loop's will be.
 *
 * <p><b>Threading.</b> {@link #execute} from any thread; the rest on the test thread.
 */
final class FakeLoop implements Executor {
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private int depth;
    final CoroutineRegistry registry = new CoroutineRegistry(this::depth);

    @Override
    public void execute(Runnable r) {
        queue.add(r);
    }

    int depth() {
        return depth;
    }

    /** Runs what was queued on entry; returns how many ran. */
    int runOnce() {
        depth++;
        try {
            int n = queue.size();
            int ran = 0;
            for (; ran < n; ran++) {
                Runnable r = queue.poll();
                if (r == null) break;
                r.run();
            }
            return ran;
        } finally {
            depth--;
        }
    }

    /** Runs passes until the queue is empty (at most {@code 1000}). */
    void runUntilIdle() {
        for (int i = 0; i < 1000 && !queue.isEmpty(); i++) runOnce();
        if (!queue.isEmpty()) throw new AssertionError("the fake loop is still busy after 1000 passes");
    }

    boolean isIdle() {
        return queue.isEmpty();
    }

    /** A coroutine of this loop, started at its next pass (as {@code launch} starts one). */
    Coroutine launch(Runnable body) {
        Coroutine co = registry.create(null, body);
        execute(co::resume);
        return co;
    }

    /** Await in the current coroutine, resuming through this loop's queue. */
    <T> T await(java.util.concurrent.CompletionStage<T> stage) {
        Coroutine co = Coroutine.current();
        if (co == null) throw new AssertionError("await outside a coroutine in a test");
        return Awaiting.await(co, stage, this);
    }
}
