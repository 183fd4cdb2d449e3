package io.loopbridge.demo.model;

import io.loopbridge.core.Await;

/**
 * How a model writes its loop-facing logic: as a coroutine ({@code loop.launch} + {@code Await.await},
 * straight-line code on the loop thread) where this JVM supports it, else as a chain of stages
 * ({@code thenCompose}). Both are the same behaviour, tested side by side; the panels say which one runs.
 * Immutable; safe from any thread.
 */
public enum Style {
    /**
     * {@code loop.launchEager(() -> { ... await(stage) ... })}: JDK 21+ with the export flag. The models start
     * their coroutines eagerly (the body runs at once, inside the action that calls them, until its first
     * await that suspends), as the bridges' coroutine handlers do: a coroutine started in a later iteration
     * can be cancelled before it starts, and then none of its {@code catch}/{@code finally} blocks run,
     * which would leave state set by the caller (a "sending" flag, a status) as it was.
     */
    COROUTINE("coroutine: loop.launch + await"),
    /** {@code stage.thenCompose(...)}: every JDK. */
    CHAIN("chain: thenCompose, handle");

    /** The JVM option that enables coroutines when the demo runs on the module path (as {@code exec:exec} runs it). */
    public static final String MODULE_PATH_FLAG = "--add-exports java.base/jdk.internal.vm=io.loopbridge.core";

    private final String label;

    Style(String label) {
        this.label = label;
    }

    /** {@link #COROUTINE} if this JVM can run coroutines ({@link Await#isSupported()}), else {@link #CHAIN}. */
    public static Style detect() {
        return Await.isSupported() ? COROUTINE : CHAIN;
    }

    /** "coroutine: loop.launch + await" or "chain: thenCompose, handle". */
    public String label() {
        return label;
    }

    /**
     * The line a panel shows: which style runs, and, for the chain, why and how to see the coroutine
     * version (JDK 21+ and the flag; the README's demo command adds it by itself on JDK 21+).
     */
    public String explanation() {
        if (this == COROUTINE) {
            return "Runs as a coroutine (loop.launch + Await.await): straight-line code on the UI thread, suspended at each await.";
        }
        return "Runs as a chain of stages (thenCompose, handle): coroutines are off on this JVM (" + Runtime.version().feature()
                + "). To see the coroutine version, run on JDK 21+ with " + MODULE_PATH_FLAG
                + " (the README's demo command adds it on JDK 21+).";
    }
}
