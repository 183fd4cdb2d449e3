package io.loopbridge.core.internal;

import io.loopbridge.core.LoopBlockingException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * The building blocks of {@code Await.await(stage)}: which path an await takes, the await itself inside
 * a coroutine, the blocking one outside, cancellation of a suspended await, and how a failure is thrown.
 * The loop wires them to its tasks and its queue. Not API.
 *
 * <p><b>Paths</b> ({@link #decide}): inside a coroutine, suspend; on a loop thread outside a coroutine,
 * {@link LoopBlockingException} (blocking would freeze the loop), saying to use {@code launch}; on any other
 * thread, block like {@code join()}.
 *
 * <p><b>Inside a coroutine</b> ({@link #await(Coroutine, CompletionStage, Executor)}):
 * <ul>
 *   <li>a stage that is already done (a {@code CompletableFuture} whose {@code isDone()} is true, or any
 *       stage that completes its dependent synchronously while it is attached) returns its value or throws
 *       its failure <em>without suspending</em>, as asyncio's {@code await} of a done future does;</li>
 *   <li>a pending stage suspends the coroutine; its completion, on whatever thread, hands one resume to
 *       the loop's queue ({@code resumeQueue.execute}), never resuming it inside {@code complete()};</li>
 *   <li>a refusal to suspend (nested loop, pinned, closed: see {@link Coroutine#checkCanSuspend()}) is
 *       thrown before anything is attached to the stage.</li>
 * </ul>
 *
 * <p><b>Failures</b> ({@link #failure}), the same on both paths: the stage's exception itself when it is
 * unchecked ({@code CancellationException} included; a {@code CompletionException} wrapper, which
 * {@code CompletableFuture} adds for failures of dependent stages, is removed first); a checked one
 * ({@code IOException}, {@code TimeoutException}, ...) inside a {@link CompletionException} whose cause it
 * is. Why {@code CompletionException}: a Java method cannot throw a checked exception its signature does
 * not declare without the caller's {@code catch (IOException e)} becoming a compile error, and declaring
 * {@code throws Exception} on {@code await} would force a try block around every await; it is the JDK's own
 * wrapper for exactly this ({@code CompletableFuture.join()} throws it, so the blocking path behaves like
 * the {@code join()} it documents), and it needs no new public type. kotlinx's {@code CompletionStage.await()}
 * also strips {@code CompletionException} and throws the original (Kotlin has no checked exceptions to wrap).
 *
 * <p><b>Cancellation</b> ({@link #cancel}) wins over a completion whose resume is queued but has not run:
 * the await throws the cancellation, as asyncio's {@code Task.cancel()} after the future finished but
 * before the task stepped.
 *
 * <p><b>Threading.</b> {@code decide}, {@code await} and {@code cancel}: the loop thread (the coroutine's);
 * {@link #join}: any thread but a loop thread; {@link #failure}: any. A stage may complete on any thread:
 * what it completed with is published to the loop thread by the atomic claim below and the loop's queue.
 */
public final class Awaiting {
    private Awaiting() {}

    /** Which way an await goes. */
    public enum Path {
        /** Inside a coroutine: {@link #await(Coroutine, CompletionStage, Executor)}. */
        SUSPEND,
        /** Off every loop thread, outside a coroutine: {@link #join}. */
        BLOCK
    }

    /**
     * The path for an await called with {@code current} the {@linkplain Coroutine#current() current
     * coroutine} (or null) on a thread that is ({@code onLoopThread}) or is not a loop's thread.
     *
     * @param loop the loop whose thread it is, named in the message
     * @throws LoopBlockingException on a loop thread outside a coroutine
     */
    public static Path decide(Coroutine current, boolean onLoopThread, Object loop) {
        if (current != null) return Path.SUSPEND;
        if (!onLoopThread) return Path.BLOCK;
        throw new LoopBlockingException("await() on the loop thread of " + loop + " outside a coroutine would block"
                + " the loop: run this code in a coroutine started with launch(...), or attach a continuation"
                + " (thenAccept/thenCompose) instead"
                + (CoroutineSupport.isSupported() ? "" : "; note that coroutines are unavailable here: " + CoroutineSupport.reason()));
    }

    /**
     * Awaits {@code stage} in {@code co}, the current coroutine: see the class javadoc. Loop thread.
     *
     * @param resumeQueue the loop's own queue: runs the resume on the loop thread in a later iteration
     *        (coalesced with the loop's other work; called from whichever thread completes the stage)
     */
    public static <T> T await(Coroutine co, CompletionStage<T> stage, Executor resumeQueue) {
        return await(co, stage, resumeQueue, CompletionStage::whenComplete);
    }

    /**
     * As {@link #await(Coroutine, CompletionStage, Executor)}, with {@code attach} registering the
     * completion callback on the stage instead of {@code stage.whenComplete(callback)}: for the loop's own
     * futures, whose {@code whenComplete} already defers to a later loop iteration, so the resume can be
     * handed over in the completing call and the coroutine continues one iteration earlier. The callback
     * may be called on any thread, at most once matters (later calls are ignored), and synchronously
     * inside {@code attach} if the stage is done.
     */
    public static <T> T await(Coroutine co, CompletionStage<T> stage, Executor resumeQueue,
                              BiConsumer<? super CompletionStage<T>, ? super BiConsumer<? super T, ? super Throwable>> attach) {
        Checks.notNull(stage, "stage");
        if (isFuture(stage)) {
            CompletableFuture<T> cf = (CompletableFuture<T>) stage;
            if (cf.isDone()) return joinDone(cf);
        }
        // refuse before attaching: a refused or cancelled await leaves nothing behind on the stage
        co.checkCanSuspend();
        co.throwPendingFailure();
        Slot<T> slot = new Slot<>(co, resumeQueue);
        attach.accept(stage, slot);
        if (slot.arm()) {
            try {
                co.suspendChecked(slot); // checked above, before attaching
            } finally {
                slot.co = null; // a stage that never completes keeps only the slot, not the coroutine
            }
            // Resumed normally: only the stage's completion resumes an armed slot (a cancellation throws above).
            if (!slot.completed()) throw new IllegalStateException(co + " was resumed while awaiting " + stage + ", which is not done");
        }
        if (slot.failure != null) throw failure(slot.failure);
        return slot.value;
    }

    /**
     * Blocks the calling thread until {@code stage} is done, like {@code join()}, and returns its value or
     * throws {@link #failure} of its failure. Not on a loop thread ({@link #decide} routes there). Not
     * interruptible, as {@code join()}.
     */
    public static <T> T join(CompletionStage<T> stage) {
        Checks.notNull(stage, "stage");
        CompletableFuture<T> cf;
        if (isFuture(stage)) {
            cf = (CompletableFuture<T>) stage;
        } else {
            CompletableFuture<T> f = new CompletableFuture<>();
            stage.whenComplete((v, ex) -> {
                if (ex == null) f.complete(v);
                else f.completeExceptionally(ex);
            });
            cf = f;
        }
        try {
            return cf.join();
        } catch (CompletionException | CancellationException e) {
            throw failure(e);
        }
    }

    /**
     * Makes {@code co}'s pending await (if it is suspended) or its next one (if it is running) throw
     * {@code failure}; a suspended one is resumed through {@code resumeQueue}, in a later iteration (never
     * inside this call: the canceller's code does not run the cancelled body's finally blocks). A
     * completion already queued for it still resumes it, with the failure instead of the value. Loop thread.
     * A new coroutine just records it for its first suspension: the caller decides whether to start it.
     *
     * @return false if {@code co} is done (nothing to cancel)
     */
    public static boolean cancel(Coroutine co, RuntimeException failure, Executor resumeQueue) {
        Checks.notNull(failure, "failure");
        if (co.state() == Coroutine.State.DONE) return false;
        co.failNextSuspend(failure);
        if (co.state() == Coroutine.State.SUSPENDED) {
            Object on = co.waitingOn();
            if (on instanceof Slot) {
                Slot<?> s = (Slot<?>) on;
                if (s.claim()) resumeQueue.execute(s); // else: its completion has queued the resume already
            } else {
                resumeQueue.execute(() -> {
                    if (co.isSuspendedOn(on)) co.resume();
                });
            }
        }
        return true;
    }

    /**
     * What an await throws for a stage that failed with {@code ex}: see the class javadoc. Returns it
     * (throw the result); an {@link Error} is thrown right here.
     */
    public static RuntimeException failure(Throwable ex) {
        Checks.notNull(ex, "ex");
        Throwable c = ex;
        while (c instanceof CompletionException && c.getCause() != null) c = c.getCause();
        if (c instanceof Error) throw (Error) c;
        if (c instanceof RuntimeException) return (RuntimeException) c;
        return new CompletionException(c);
    }

    /**
     * The class of {@code CompletableFuture.minimalCompletionStage()}'s stages: a {@code CompletableFuture}
     * whose {@code isDone()} and {@code join()} throw {@code UnsupportedOperationException}.
     */
    private static final Class<?> MINIMAL_STAGE = new CompletableFuture<Void>().minimalCompletionStage().getClass();

    /** Whether {@code stage} is a {@code CompletableFuture} whose {@code isDone()}/{@code join()} work. */
    private static boolean isFuture(CompletionStage<?> stage) {
        return stage instanceof CompletableFuture && stage.getClass() != MINIMAL_STAGE;
    }

    private static <T> T joinDone(CompletableFuture<T> cf) {
        try {
            return cf.join();
        } catch (CompletionException | CancellationException e) {
            throw failure(e);
        }
    }

    /**
     * One await: the stage's completion callback, and the resume it hands to the loop's queue. A small
     * state machine, because three parties race for it: the stage completing (any thread), the awaiting
     * coroutine arming it (loop thread), a cancellation claiming it (loop thread).
     */
    static final class Slot<T> implements BiConsumer<T, Throwable>, Runnable {
        /** Attached; the coroutine has not armed it yet. */
        private static final int ATTACHED = 0;
        /** Completed before being armed: the await reads the outcome without suspending. Terminal. */
        private static final int READY = 1;
        /** The coroutine is suspending (or suspended) on it; the first claim queues the resume. */
        private static final int ARMED = 2;
        /** A completion or a cancellation has queued the resume. Terminal. */
        private static final int CLAIMED = 3;

        private static final VarHandle STATE;
        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Slot.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** ATTACHED → READY, or ATTACHED → ARMED → CLAIMED; changed by compare-and-set only ({@link #STATE}). */
        private volatile int state = ATTACHED;
        private final Executor resumeQueue;
        /** The awaiting coroutine; cleared by it when the await ends. Loop thread only. */
        Coroutine co;
        /** The outcome: written by the completing thread before its compare-and-set, read after the claim. */
        T value;
        Throwable failure;
        /** Set by the completion that claimed it, before it queues the resume. */
        private boolean completedByStage;

        Slot(Coroutine co, Executor resumeQueue) {
            this.co = co;
            this.resumeQueue = resumeQueue;
        }

        /** The stage completed (any thread; only the first call counts). */
        @Override
        public void accept(T v, Throwable ex) {
            int st = state;
            if (st == READY || st == CLAIMED) return;
            value = v;
            failure = ex;
            // One compare-and-set in the usual cases: armed (the coroutine suspended: claim it) or still attached
            // (completing inside attach); a second only if the coroutine armed it in between.
            if (st == ATTACHED && STATE.compareAndSet(this, ATTACHED, READY)) return;
            if (STATE.compareAndSet(this, ARMED, CLAIMED)) {
                completedByStage = true; // published to the loop thread by the queue, like the outcome
                resumeQueue.execute(this);
            }
        }

        /** Whether the coroutine must suspend: false if the stage completed while being attached. */
        boolean arm() {
            return STATE.compareAndSet(this, ATTACHED, ARMED);
        }

        /** Whether the stage's completion claimed it (so {@link #value}/{@link #failure} are its outcome). */
        boolean completed() {
            return completedByStage;
        }

        /** Takes the right to queue the resume (for a cancellation); false if a completion took it. */
        boolean claim() {
            return STATE.compareAndSet(this, ARMED, CLAIMED);
        }

        /** The queued resume, on the loop thread: ignored if the coroutine is no longer waiting on this await. */
        @Override
        public void run() {
            Coroutine c = co;
            if (c != null && c.isSuspendedOn(this)) c.resume();
        }
    }
}
