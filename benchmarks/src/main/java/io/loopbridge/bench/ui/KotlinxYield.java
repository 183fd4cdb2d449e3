package io.loopbridge.bench.ui;

import kotlin.ResultKt;
import kotlin.Unit;
import kotlin.coroutines.Continuation;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlin.coroutines.intrinsics.IntrinsicsKt;
import kotlin.coroutines.jvm.internal.ContinuationImpl;
import kotlinx.coroutines.BuildersKt;
import kotlinx.coroutines.CoroutineDispatcher;
import kotlinx.coroutines.CoroutineStart;
import kotlinx.coroutines.GlobalScope;
import kotlinx.coroutines.YieldKt;
import kotlinx.coroutines.future.FutureKt;

import java.util.concurrent.CompletableFuture;

/**
 * kotlinx-coroutines' suspend/resume, driven from Java: a coroutine on a UI dispatcher
 * ({@code Dispatchers.JavaFx}, {@code Dispatchers.Swing}) that runs {@code steps} steps, each one of:
 * <ul>
 *   <li>{@code await} mode: {@code f.await()} (kotlinx's {@code CompletionStage.await}) of a fresh
 *       {@code CompletableFuture} that a runnable dispatched on the same dispatcher completes: the mirror of
 *       LoopBridge's step (a callback completes the awaited future, the resume is queued), here two toolkit
 *       posts ({@code Platform.runLater}/{@code EventQueue.invokeLater}), one for the callback, one for the
 *       resume;</li>
 *   <li>{@code yield} mode: {@code yield()}: a suspend and a resume dispatched with one post, the least a
 *       suspend/resume can cost there (no future, no callback).</li>
 * </ul>
 * The loop is the state machine the Kotlin compiler would generate for {@code repeat(steps) { ... }}: a
 * {@link ContinuationImpl} (public in the bytecode; Kotlin's {@code internal}) whose {@code invokeSuspend}
 * runs until a step suspends and is re-entered by each resume. {@code done} runs on the UI thread after the
 * last step.
 *
 * <p><b>Threading.</b> Started from any thread; every step runs on the dispatcher's UI thread.
 */
final class KotlinxYield extends ContinuationImpl {
    private final CoroutineDispatcher dispatcher;
    private final boolean await;
    private int remaining;
    private final Runnable done;

    private KotlinxYield(Continuation<Object> completion, CoroutineDispatcher dispatcher, boolean await, int steps, Runnable done) {
        super(completion);
        this.dispatcher = dispatcher;
        this.await = await;
        this.remaining = steps;
        this.done = done;
    }

    /** Launches the coroutine on {@code dispatcher}: {@code await} mode, or {@code yield} mode (see the class javadoc). */
    @SuppressWarnings("unchecked")
    static void launch(CoroutineDispatcher dispatcher, boolean await, int steps, Runnable done) {
        BuildersKt.launch(GlobalScope.INSTANCE, dispatcher, CoroutineStart.DEFAULT,
                (scope, completion) -> new KotlinxYield((Continuation<Object>) (Continuation<?>) completion, dispatcher, await, steps, done)
                        .invokeSuspend(Unit.INSTANCE));
    }

    @Override
    protected Object invokeSuspend(Object result) {
        ResultKt.throwOnFailure(result);
        while (remaining > 0) {
            remaining--;
            Object r;
            if (await) {
                CompletableFuture<Integer> f = new CompletableFuture<>();
                dispatcher.dispatch(EmptyCoroutineContext.INSTANCE, () -> f.complete(1));
                r = FutureKt.await(f, this);
            } else {
                r = YieldKt.yield(this);
            }
            if (r == IntrinsicsKt.getCOROUTINE_SUSPENDED()) return r; // resumed by the dispatcher: back in here
        }
        done.run();
        return Unit.INSTANCE;
    }
}
