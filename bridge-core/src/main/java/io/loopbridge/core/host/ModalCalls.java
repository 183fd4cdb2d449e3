package io.loopbridge.core.host;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The one policy for a blocking modal call ({@code showAndWait}, {@code JOptionPane.showConfirmDialog},
 * a file chooser) made from loop code: {@link #run} runs it in a toolkit event of its own, outside any
 * loop callback, and gives its outcome as a future. The loop keeps running while the dialog is open
 * (the toolkit's nested event loop drives it).
 *
 * <p>The policy:
 * <ul>
 *   <li>cancelled (or the loop closed) before the event runs: the call is skipped;</li>
 *   <li>once the dialog is open, cancelling only discards its result (nothing can close a dialog that
 *       its own code opened);</li>
 *   <li>the call returns: the future completes with its value;</li>
 *   <li>the call throws: the future fails with what it threw, <em>any</em> {@code Throwable} (it is
 *       the call's outcome, and someone awaits it); a {@link VirtualMachineError} other than
 *       {@link StackOverflowError} ({@code OutOfMemoryError}) is then rethrown to the toolkit too, as
 *       the loop's own {@code runOnce} lets such errors through.</li>
 * </ul>
 *
 * <p><b>Threading.</b> {@link #run} is for the loop thread (it creates the loop's future); the call
 * runs on the toolkit thread that {@code post} posts to.
 */
public final class ModalCalls {
    private ModalCalls() {}

    /**
     * Posts {@code call} with {@code post} and returns a future of its outcome (see the class policy).
     *
     * @param loop the loop whose future is returned
     * @param post the toolkit's post function ({@code Platform::runLater}, {@code EventQueue::invokeLater})
     * @param call the blocking modal call
     * @throws NullPointerException                              if an argument is null
     * @throws java.util.concurrent.RejectedExecutionException if the loop is closed
     */
    public static <T> LoopFuture<T> run(EventLoop loop, Executor post, Supplier<? extends T> call) {
        Objects.requireNonNull(loop, "loop: null (expected: non-null)");
        Objects.requireNonNull(post, "post: null (expected: the toolkit's post function)");
        Objects.requireNonNull(call, "call: null (expected: non-null)");
        LoopFuture<T> result = loop.createFuture();
        post.execute(() -> {
            if (result.isDone()) return;
            T v;
            try {
                v = call.get();
            } catch (Throwable e) {
                result.completeExceptionally(e);
                if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) throw (VirtualMachineError) e;
                return;
            }
            result.complete(v);
        });
        return result;
    }
}
