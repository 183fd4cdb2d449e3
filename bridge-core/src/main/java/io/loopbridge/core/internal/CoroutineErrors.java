package io.loopbridge.core.internal;

import java.util.Optional;

/**
 * The exceptions of coroutine misuse, each naming its cause and what to do instead: written once here so
 * the loop, the UI bridges and the tests agree on them. All are {@link IllegalStateException}s. Not API.
 *
 * <p><b>Threading.</b> Stateless; any thread. {@link #pinned} walks the calling thread's stack (only on
 * that error path).
 */
public final class CoroutineErrors {
    /** How the JDK's {@code Continuation.onPinned} words a refused yield: {@code "Pinned: " + reason}. */
    static final String JDK_PINNED_PREFIX = "Pinned: ";

    private CoroutineErrors() {}

    static IllegalStateException notInCoroutine() {
        return new IllegalStateException("suspend outside a coroutine: only code running in a coroutine's body"
                + " (started with launch) can suspend, and only on the thread that runs it");
    }

    static IllegalStateException notCurrent(Object co) {
        Coroutine current = Coroutine.current();
        return new IllegalStateException("cannot suspend " + co + " from here: the code running on this thread is "
                + (current == null ? "not in any coroutine" : "in " + current) + "; a coroutine suspends only itself");
    }

    static IllegalStateException cannotResume(Object co, Coroutine.State state) {
        if (state == Coroutine.State.RUNNING) {
            return new IllegalStateException("cannot resume " + co + ": it is running (resumed from inside itself,"
                    + " or from code it called); it can only be resumed once it has suspended");
        }
        return new IllegalStateException("cannot resume " + co + ": it has finished");
    }

    static IllegalStateException cannotResumeThrowing(Object co, Coroutine.State state) {
        if (state == Coroutine.State.NEW) {
            return new IllegalStateException("cannot resume " + co + " with a failure: it never started (nothing of it"
                    + " ran, so there is nothing to unwind: do not start it), or use failNextSuspend");
        }
        if (state == Coroutine.State.RUNNING) {
            return new IllegalStateException("cannot resume " + co + " with a failure: it is running; failNextSuspend"
                    + " makes its next suspension throw instead");
        }
        return new IllegalStateException("cannot resume " + co + " with a failure: it has finished");
    }

    /**
     * A suspend at a nesting depth other than the one the coroutine was resumed at: a plain callback
     * running inside a nested event loop that the coroutine's own body opened.
     */
    static IllegalStateException nestedLoop(Object co, int resumedAt, int now) {
        return new IllegalStateException("cannot suspend " + co + " here: this code runs inside a nested event loop"
                + " (depth " + now + ") that the coroutine opened at depth " + resumedAt + " (showAndWait(), a Swing"
                + " SecondaryLoop, a modal dialog, runUntilComplete), so suspending would suspend the coroutine that"
                + " opened the loop and freeze that loop; launch a new coroutine for this callback, and await a"
                + " dialog's result instead of opening a nested loop in a coroutine");
    }

    /** As {@link #nestedLoop}, found by the host's check at the suspend (no depths to name). */
    static IllegalStateException nestedLoopOpened(Object co) {
        return new IllegalStateException("cannot suspend " + co + " here: this code runs inside a nested event loop"
                + " that the coroutine opened (showAndWait(), Platform.enterNestedEventLoop, a modal dialog), so"
                + " suspending would suspend the coroutine that opened the loop and freeze that loop; launch a new"
                + " coroutine for this callback, and await a dialog's result instead of opening a nested loop in a coroutine");
    }

    /**
     * A yield the JDK refused with {@code Pinned: NATIVE / CRITICAL_SECTION / MONITOR / EXCEPTION}, or
     * something else it threw: the same failure, worded for the person who wrote the await.
     */
    static IllegalStateException pinned(Object co, IllegalStateException jdk) {
        String msg = String.valueOf(jdk.getMessage());
        String what;
        if (!msg.startsWith(JDK_PINNED_PREFIX)) {
            what = "the JDK refused to suspend it (" + msg + ")";
        } else {
            switch (msg.substring(JDK_PINNED_PREFIX.length()).trim()) {
                case "NATIVE":
                    what = "a native frame is on its stack" + nativeFrame().map(f -> " (" + f + ")").orElse("")
                            + ": the JDK cannot suspend across native code or a static initializer; await only from"
                            + " the coroutine's own code, not from a callback that native code (a toolkit's native"
                            + " event loop such as GTK's showAndWait()) or class initialisation called";
                    break;
                case "CRITICAL_SECTION":
                    what = "the JDK has pinned it in a critical section (Continuation.pin(), JDK-internal code"
                            + " that must not be suspended)";
                    break;
                case "MONITOR":
                    what = "it holds a monitor (the await is inside a synchronized block or method), which pins"
                            + " a coroutine on this JDK; release the monitor before awaiting, or use an AsyncLock";
                    break;
                case "EXCEPTION":
                    what = "the JDK failed to capture its stack (an exception while freezing it)";
                    break;
                default:
                    what = "the JDK refused to suspend it (" + msg + ")";
            }
        }
        return new IllegalStateException("cannot suspend " + co + ": " + what, jdk);
    }

    /**
     * A monitor held inside the coroutine at a suspend point, found by the debug-mode check: on JDK 24+
     * the suspend would succeed and leave the monitor locked by the suspended coroutine, so the loop thread
     * deadlocks when it next enters it.
     */
    static IllegalStateException monitorHeld(Object co, String lockClass, int identityHash, StackTraceElement lockedIn) {
        return new IllegalStateException("cannot suspend " + co + ": it holds the monitor of " + lockClass + "@"
                + Integer.toHexString(identityHash) + (lockedIn == null ? "" : ", locked in " + lockedIn)
                + " (an await inside synchronized); suspended, it would keep the monitor locked while the loop"
                + " thread runs other code, and the loop thread would deadlock when it next enters that monitor;"
                + " release it before awaiting, or use an AsyncLock (checked in debug mode)");
    }

    /** The first native or class-initialiser frame between the caller and the coroutine's entry, for the message. */
    private static Optional<String> nativeFrame() {
        return StackWalker.getInstance().walk(frames -> frames
                .takeWhile(f -> !(f.getClassName().equals(Coroutine.Entry.class.getName()) && f.getMethodName().equals("run")))
                .filter(f -> f.getMethodName().equals("<clinit>") || f.toStackTraceElement().isNativeMethod())
                .map(f -> f.getMethodName().equals("<clinit>")
                        ? "the static initializer of " + f.getClassName()
                        : "native method " + f.getClassName() + "." + f.getMethodName())
                .findFirst());
    }
}
