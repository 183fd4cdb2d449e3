package io.loopbridge.core;

import io.loopbridge.core.internal.Checks;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Structured concurrency for tasks on one loop (asyncio's {@code TaskGroup}): children started with
 * {@link #createTask} are awaited together with {@link #join()}, and if one fails, the others are
 * cancelled and the failure is the group's.
 *
 * <pre>{@code
 * TaskGroup group = new TaskGroup(loop);
 * Task<Image> image = group.createTask(() -> fetchImage(uri));
 * Task<String> text = group.createTask(() -> fetchCaption(uri));
 * return group.join().thenApply(v -> new Card(image.join(), text.join()));   // both done here
 * }</pre>
 *
 * <p><b>Semantics.</b>
 * <ul>
 *   <li>{@link #join()} completes once every child is done, children created while it waits included.
 *       Call it once the children are started; calling it again returns the same future.</li>
 *   <li>The group reacts to a child's failure in a later loop iteration (as asyncio does): the first
 *       failure becomes the group's failure and every other child still running is cancelled. Failures of
 *       other children (those that failed before the cancellation reached them, or while handling it) are
 *       attached to it as {@linkplain Throwable#addSuppressed suppressed}. A child that ends cancelled is
 *       not a failure (cancelling one child does not disturb the others).</li>
 *   <li>{@code join()} fails with the group's failure once every child is done, so the code after
 *       {@code join()} never runs while a child still runs. Children that catch their cancellation and
 *       go on are waited for.</li>
 *   <li>Cancelling {@code join()}'s future (or the task awaiting it, which cancels it as a child) cancels
 *       every child; like a task's, this cancellation is a request: the future ends cancelled once every
 *       child is done (with the group's failure instead, if a child failed). {@code orTimeout} on it
 *       likewise cancels the children and ends with the {@code TimeoutException}.</li>
 *   <li>{@link #createTask} throws {@link IllegalStateException} once the group is shutting down (a child
 *       failed, or {@code join()} was cancelled) and once {@code join()} has completed.</li>
 *   <li>A failure always reaches someone: if the group has failed and every child is done while nobody
 *       has called {@code join()}, the failure goes to the loop's {@link ExceptionHandler} (with the group
 *       as source); a {@code join()} called later still fails with it.</li>
 * </ul>
 *
 * <p><b>The task that created the group.</b> asyncio cancels the parent task when a child fails, so that
 * whatever the parent awaits inside {@code async with} is interrupted, and undoes that cancellation at the
 * exit. Here the group does not touch its creator: the failure flows through {@code join()}'s future, which
 * completes as soon as the children are done. Work that should stop when a child fails belongs in the
 * group as a child of its own. Each child is also a child of the task that called {@code createTask} (as
 * every task created inside a task is): cancelling that task cancels the children too.
 *
 * <p><b>Threading.</b> Loop thread only: every method checks it (cheaply) and throws
 * {@link IllegalStateException} from another thread. {@code join()}'s future may be cancelled from any
 * thread (the cancellation is then delivered on the loop thread).
 */
public final class TaskGroup {
    private final GuestLoop loop;
    /** Children not yet seen done by the group, in creation order. Loop thread. */
    private final Set<Task<?>> running = new LinkedHashSet<>();
    /** The group's failure: the first child failure, or the reason {@code join()} was stopped. Loop thread. */
    private Throwable failure;
    /** Shutting down: a child failed or {@code join()} was stopped; no new children. Loop thread. */
    private boolean aborting;
    /** {@code join()} was cancelled. Loop thread. */
    private boolean cancelled;
    /** The future of {@link #join()}, once called. Loop thread. */
    private JoinFuture join;
    /** The failure went to the exception handler because nobody had called join(). Loop thread. */
    private boolean reported;

    /** A new, empty group on {@code loop}. Safe from any thread. */
    public TaskGroup(EventLoop loop) {
        this.loop = Toolbox.core(loop);
    }

    /**
     * Starts {@code body} as a child task of this group (in a later iteration, like
     * {@link EventLoop#createTask}). Loop thread only.
     *
     * @throws IllegalStateException if the group is shutting down or has completed
     */
    public <T> Task<T> createTask(Supplier<? extends CompletionStage<T>> body) {
        Checks.notNull(body, "body");
        checkAccepting("createTask");
        return adopt(loop.createTask(body));
    }

    /**
     * Starts {@code body} as a coroutine child of this group (in a later iteration, like
     * {@link EventLoop#launch}): straight-line code with {@link Await#await}, under the group's rules (a
     * failure cancels the siblings, which are resumed with a {@code CancellationException} at their await).
     * Loop thread only.
     *
     * @throws IllegalStateException if the group is shutting down or has completed
     * @throws UnsupportedOperationException where coroutines are unsupported
     */
    public <T> Task<T> launch(java.util.concurrent.Callable<T> body) {
        Checks.notNull(body, "body");
        checkAccepting("launch");
        return adopt(loop.launch(body));
    }

    /** {@link #launch(java.util.concurrent.Callable)} for a body that returns nothing. Loop thread only. */
    public Task<Void> launch(CheckedRunnable body) {
        Checks.notNull(body, "body");
        checkAccepting("launch");
        return adopt(loop.launch(body));
    }

    private void checkAccepting(String what) {
        Toolbox.check(loop, "TaskGroup." + what);
        if (join != null && join.isDone()) {
            throw new IllegalStateException("TaskGroup." + what + "(): the group has completed (expected: create children before join() completes)");
        }
        if (aborting) {
            throw new IllegalStateException("TaskGroup." + what + "(): the group is shutting down"
                    + (failure != null ? " after a failure: " + failure : " after join() was cancelled"));
        }
    }

    private <T> Task<T> adopt(Task<T> t) {
        running.add(t);
        t.markObserved(); // the group receives the child's failure
        t.whenCompleteInternal((v, e) -> childDone(t, e));
        return t;
    }

    /** Loop thread: a child is done (seen in a later iteration, as asyncio's done callback). */
    private void childDone(Task<?> t, Throwable e) {
        assert loop.confined() : "TaskGroup.childDone() off the loop thread";
        running.remove(t);
        if (e != null) {
            Throwable x = GuestLoop.unwrap(e);
            if (!(x instanceof CancellationException)) {
                if (failure == null) {
                    failure = x;
                    abort();
                } else if (x != failure) {
                    failure.addSuppressed(x);
                }
            }
        }
        settleIfDone();
    }

    /** Shuts the group down: cancels every child still running. */
    private void abort() {
        aborting = true;
        for (Task<?> c : running.toArray(new Task<?>[0])) {
            if (!c.isCancelRequested()) c.cancel(true); // one request is enough: it travels through the child's chain
        }
    }

    private void settleIfDone() {
        JoinFuture j = join;
        if (j == null && failure != null && running.isEmpty() && !reported) {
            reported = true; // nobody joined: nobody else can see the failure (asyncio's group is always awaited)
            loop.report("A child of a TaskGroup failed, and nobody called join() on the group: " + this, failure, this);
            return;
        }
        if (j == null || j.isDone() || !running.isEmpty()) return;
        if (failure != null) j.settle(null, failure);
        else if (cancelled || loop.isClosed()) j.settle(null, new CancellationException("TaskGroup.join() cancelled"));
        else j.settle(null, null);
    }

    /**
     * The future that completes once every child is done (at once if there is none): normally, or with the
     * group's failure (see the class javadoc). The first call makes it a child of the calling task, so
     * cancelling that task cancels the group's children. Loop thread only.
     */
    public LoopFuture<Void> join() {
        Toolbox.check(loop, "TaskGroup.join");
        if (join == null) {
            join = new JoinFuture(loop);
            loop.own(join);
            settleIfDone();
        }
        return join;
    }

    /** Children not yet seen done. Loop thread only. */
    int running() {
        return running.size();
    }

    @Override
    public String toString() {
        return "TaskGroup[running=" + running.size() + (aborting ? ", shutting down" : "")
                + (join != null && join.isDone() ? ", completed" : "") + "]";
    }

    /** {@code join()}'s future: stopping it cancels the children; it settles when they are done. */
    private final class JoinFuture extends ScopeFuture<Void> {
        JoinFuture(GuestLoop loop) {
            super(loop);
        }

        @Override
        void stop(Throwable reason) {
            if (reason == null) cancelled = true;
            else if (failure == null) failure = reason;
            abort();
            settleIfDone();
        }

        @Override
        public String toString() {
            return "join of " + TaskGroup.this + " " + super.toString();
        }
    }
}
