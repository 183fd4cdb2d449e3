package io.loopbridge.core;

import io.loopbridge.core.internal.Awaiting;
import io.loopbridge.core.internal.Checks;
import io.loopbridge.core.internal.Coroutine;
import io.loopbridge.core.internal.CoroutineSupport;
import io.loopbridge.core.internal.CurrentLoop;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Straight-line code on the loop thread: inside a coroutine started with {@link EventLoop#launch},
 * {@link #await} returns a stage's value, suspending the coroutine (not the thread) until the stage is
 * done. The UI thread stays the UI thread across every await.
 *
 * <pre>{@code
 * import static io.loopbridge.core.Await.await;
 *
 * loop.launch(() -> {
 *     spinner.setVisible(true);
 *     try {
 *         HttpResponse<String> r = await(http.sendAsync(request, ofString()));
 *         await(loop.sleep(Duration.ofMillis(200)));
 *         results.setText(r.body());                // still the UI thread
 *     } finally {
 *         spinner.setVisible(false);                // on success, failure and cancel
 *     }
 * });
 * }</pre>
 *
 * <p><b>Where it works.</b> Coroutines need JDK 21+ and {@code jdk.internal.vm} exported to LoopBridge:
 * {@code --add-exports java.base/jdk.internal.vm=io.loopbridge.core} on the module path,
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} on the class path ({@code docs/coroutines.md}).
 * {@link #isSupported()} says whether this JVM can; {@link #unsupportedReason()} says why not. The rest of
 * LoopBridge needs neither.
 *
 * <p><b>Rules</b> (see {@code docs/coroutines.md}): no await inside {@code synchronized} (the monitor would
 * stay held while the coroutine is suspended; debug mode checks it); no blocking calls in a body (it runs
 * on the loop thread); no await from a callback of a nested event loop the body opened
 * ({@code showAndWait()}): await the dialog's result instead.
 *
 * <p><b>Threading.</b> {@link #await} inside a coroutine: the loop thread. Outside one, on a loop's thread:
 * refused with {@link LoopBlockingException}. On any other thread it blocks like {@code join()}.
 * {@link #isSupported()} and {@link #unsupportedReason()}: any thread.
 */
public final class Await {
    private Await() {}

    /**
     * The value of {@code stage} once it is done.
     * <ul>
     *   <li>Inside a coroutine: returns at once if the stage is done; otherwise suspends the coroutine and
     *       resumes it through the loop's queue once the stage is done (on whichever thread it completes).</li>
     *   <li>A failure is thrown at the await: the exception itself when it is unchecked
     *       ({@link java.util.concurrent.CancellationException} included); a checked one ({@code IOException},
     *       {@code TimeoutException}) as the cause of a {@link CompletionException}, the wrapper
     *       {@code CompletableFuture.join()} uses. A body that lets it escape fails its task with the checked
     *       cause itself.</li>
     *   <li>Cancelling the coroutine's task while it is suspended throws a {@code CancellationException}
     *       here (in a later iteration); the body may catch it and go on.</li>
     *   <li>Off every loop thread, outside a coroutine: blocks the calling thread like {@code join()}
     *       (not interruptibly) and returns or throws the same way.</li>
     * </ul>
     *
     * @throws LoopBlockingException on a loop's thread outside a coroutine (blocking would freeze it: use
     *         {@link EventLoop#launch})
     * @throws IllegalStateException where the coroutine must not suspend: from a callback of a nested event
     *         loop the coroutine opened; pinned by a native frame or a critical section; holding a monitor
     *         (checked in debug mode); on a closed loop (a {@code CancellationException} then)
     */
    public static <T> T await(CompletionStage<T> stage) {
        Checks.notNull(stage, "stage");
        Coroutine co = Coroutine.current();
        if (co != null) {
            Object owner = co.owner();
            if (owner instanceof CoroutineTask) return ((CoroutineTask<?>) owner).await(co, stage);
            throw new IllegalStateException("await(): the current coroutine (" + co + ") is not a LoopBridge task");
        }
        EventLoop loop = CurrentLoop.get();
        Awaiting.decide(null, CurrentLoop.onLoopThread(), loop != null ? loop : "a loop");
        return Awaiting.join(stage);
    }

    /** Whether this JVM can run coroutines (JDK 21+ with {@code java.base/jdk.internal.vm} exported to LoopBridge). */
    public static boolean isSupported() {
        return CoroutineSupport.isSupported();
    }

    /**
     * Why coroutines cannot run here, naming the JDK requirement and the exact {@code --add-exports} flag
     * for the module path and the class path; null where they can.
     */
    public static String unsupportedReason() {
        return CoroutineSupport.isSupported() ? null : CoroutineSupport.reason();
    }
}
