package io.loopbridge.javafx;

import javafx.application.Platform;

import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The nested-loop guard of every {@link FxLoop}: a plain event handler that a JavaFX nested event loop
 * ({@code showAndWait()}, {@code Platform.enterNestedEventLoop}) runs while the coroutine that opened the
 * loop is still current, and that calls {@code await}, gets an {@link IllegalStateException}, where it
 * would freeze the nested loop on Monocle (and fail as {@code Pinned: NATIVE} on GTK).
 *
 * <p><b>The check at each suspend</b> ({@link #check()}, {@code GuestLoop.setNestedLoopCheck}), read when a
 * coroutine is about to suspend and never at a resume: {@link Platform#isNestedLoopRunning()} (one call,
 * ~13 ns: outside every dialog that is all it costs); only while a nested loop runs, a walk of the thread's
 * stack (some microseconds) looks for the toolkit's nested-loop entry between the top and the suspending
 * coroutine's own first frame: one there was entered by the coroutine's body, after it was resumed. A
 * coroutine resumed inside someone else's nested loop has that loop's frames below its own, and suspends
 * fine. (The walk sees through a mounted coroutine to the frames below it; it stops at the coroutine's
 * entry.)
 *
 * <p><b>Fallback</b>: where this JavaFX has no such entry method (another toolkit version), the check cannot
 * tell who opened the loop; then {@link #probe()} is the loop's nesting probe instead, read at each resume
 * and suspend ({@code GuestLoop.setNestingProbe}): {@link #depth()} counts the entry frames, or says 1 while a
 * nested loop runs. A coroutine resumed outside every nested loop is still guarded; one resumed inside a
 * nested loop that then opens another is not.
 *
 * <p><b>Threading.</b> Read on the FX Application Thread only (the loop thread), by the loop.
 */
final class FxNesting {
    /** The method every JavaFX nested loop runs inside (Platform.enterNestedEventLoop, Stage.showAndWait). */
    private static final String ENTRY_CLASS = "com.sun.glass.ui.Application";
    private static final String ENTRY_METHOD = "enterNestedEventLoop";
    /** The first frame of every LoopBridge coroutine (bridge-core's internal {@code Coroutine.Entry.run}). */
    private static final String COROUTINE_ENTRY_CLASS = "io.loopbridge.core.internal.Coroutine$Entry";
    private static final StackWalker WALKER = StackWalker.getInstance();
    /** Whether this JavaFX has the entry method the walk looks for. */
    static final boolean ENTRY_KNOWN = entryKnown();

    private FxNesting() {}

    private static boolean entryKnown() {
        try {
            for (java.lang.reflect.Method m : Class.forName(ENTRY_CLASS, false, FxNesting.class.getClassLoader()).getDeclaredMethods()) {
                if (m.getName().equals(ENTRY_METHOD)) return true;
            }
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            // another toolkit: fall back to the probe
        }
        return false;
    }

    /** The check to install on an FxLoop's core, or null where the fallback {@link #probe()} applies. */
    static BooleanSupplier check() {
        return ENTRY_KNOWN ? FxNesting::openedInCurrentCoroutine : null;
    }

    /** The probe to install on an FxLoop's core where {@link #check()} is null (the fallback), else null. */
    static IntSupplier probe() {
        return ENTRY_KNOWN ? null : FxNesting::depth;
    }

    /**
     * Whether the calling code runs inside a JavaFX nested event loop entered since the innermost coroutine
     * on this thread was resumed (above its first frame). FX thread.
     */
    static boolean openedInCurrentCoroutine() {
        if (!Platform.isNestedLoopRunning()) return false;
        return WALKER.walk(frames -> frames
                .takeWhile(f -> !COROUTINE_ENTRY_CLASS.equals(f.getClassName()))
                .anyMatch(f -> ENTRY_METHOD.equals(f.getMethodName()) && ENTRY_CLASS.equals(f.getClassName())));
    }

    /** The number of nested event loops running on the FX thread (1 if running but not found). FX thread. */
    static int depth() {
        if (!Platform.isNestedLoopRunning()) return 0;
        long n = WALKER.walk(frames -> frames
                .filter(f -> ENTRY_METHOD.equals(f.getMethodName()) && ENTRY_CLASS.equals(f.getClassName()))
                .count());
        return n == 0 ? 1 : (int) n;
    }
}
