package io.loopbridge.javafx;

import javafx.application.Platform;

import java.util.function.IntSupplier;

/**
 * The nesting probe of every {@link FxLoop} ({@code GuestLoop.setNestingProbe}): how many JavaFX nested
 * event loops ({@code showAndWait()}, {@code Platform.enterNestedEventLoop}) are running on the FX thread
 * now. A coroutine may only suspend at the count it was resumed at, so a plain event handler that a
 * nested loop runs (a dialog's button) and that calls {@code await} while the coroutine that opened the
 * dialog is still current gets an {@link IllegalStateException}, where it would freeze the nested loop on
 * Monocle (and fail as {@code Pinned: NATIVE} on GTK).
 *
 * <p>JavaFX tells only <em>whether</em> a nested loop runs ({@link Platform#isNestedLoopRunning()}, one
 * cheap call): that is all this reads in the common case, so a resume and a suspend outside any dialog cost
 * two such calls. Only while a nested loop runs does it count them, by the frames of the toolkit's nested
 * loop entry on the thread's stack (a stack walk, some microseconds; the walk sees through a mounted
 * coroutine to the frames below it, so the count is the same at a resume and at a suspend outside a nested
 * loop the coroutine opened). If that entry point is not found (another toolkit version), the count is 1:
 * a coroutine resumed outside every nested loop is still guarded; one resumed inside a nested loop that
 * then opens another is not.
 *
 * <p><b>Threading.</b> Read on the FX Application Thread only (the loop thread), by the loop.
 */
final class FxNesting {
    /** The method every JavaFX nested loop runs inside (Platform.enterNestedEventLoop, Stage.showAndWait). */
    private static final String ENTRY_CLASS = "com.sun.glass.ui.Application";
    private static final String ENTRY_METHOD = "enterNestedEventLoop";
    private static final StackWalker WALKER = StackWalker.getInstance();

    private FxNesting() {}

    /** The probe to install on an FxLoop's core. */
    static IntSupplier probe() {
        return FxNesting::depth;
    }

    /** The number of nested event loops running on the FX thread. FX thread. */
    static int depth() {
        if (!Platform.isNestedLoopRunning()) return 0;
        long n = WALKER.walk(frames -> frames
                .filter(f -> ENTRY_METHOD.equals(f.getMethodName()) && ENTRY_CLASS.equals(f.getClassName()))
                .count());
        return n == 0 ? 1 : (int) n;
    }
}
