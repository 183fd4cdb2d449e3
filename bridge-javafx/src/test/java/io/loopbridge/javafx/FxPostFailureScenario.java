package io.loopbridge.javafx;

import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.testkit.SubmissionStress;
import io.loopbridge.core.testkit.SubmissionStress.Figures;
import javafx.application.Platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Run in a JVM of its own by {@link FxHostFailureTest}: the host's post starts failing while 8 producers
 * submit, because the toolkit exits ({@code Platform.exit()}: JavaFX then drops {@code runLater}
 * silently). Every submission must still be accounted for (ran, cancelled, or rejected once the exit
 * watcher has closed the loop), a thread waiting in {@code runUntilComplete} must return, and the JVM
 * must end by itself. Prints "ok ..."/"FAIL ..." lines and "SCENARIO PASSED".
 */
class FxPostFailureScenario {
    private static final List<String> failures = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        long exitAfter = Long.parseLong(args[0]);
        FxLoop loop = FxLoop.create();
        Thread fx = FxTesting.onFx(Thread::currentThread);
        LoopFuture<Void> never = FxTesting.onFx(loop::createFuture);
        CompletableFuture<Throwable> waiter = new CompletableFuture<>();
        Thread w = new Thread(() -> {
            try {
                loop.runUntilComplete(never);
                waiter.complete(null);
            } catch (Throwable e) {
                waiter.complete(e);
            }
        }, "waiter");
        w.start();
        Figures f = null;
        try {
            f = SubmissionStress.closeRace(loop, SubmissionStress.PRODUCERS, 200_000, exitAfter, false, Platform::exit,
                    () -> Platform.isFxApplicationThread() && loop.inEventLoop(), () -> join(fx),
                    Integer.MAX_VALUE, // the exit is not a close: turns already queued may still run
                    Duration.ofSeconds(60));
            check(true, "every submission ran, was cancelled or was rejected: " + f);
        } catch (AssertionError e) {
            check(false, "accounting after the exit: " + e.getMessage());
        }
        check(loop.isClosed(), "the exit watcher closed the loop");
        Throwable e = waiter.get(10, TimeUnit.SECONDS);
        check(e instanceof java.util.concurrent.CancellationException || e instanceof IllegalStateException,
                "runUntilComplete on another thread returned (threw " + e + ")");
        System.out.println(failures.isEmpty() ? "SCENARIO PASSED" : "SCENARIO FAILED " + failures);
    }

    /** Settles: the FX thread has ended, and the exit watcher has closed the loop (closing cancels what is queued). */
    private static void join(Thread fx) {
        try {
            fx.join(30_000);
            check(!fx.isAlive(), "the FX Application Thread ended after Platform.exit()");
            Thread watcher = FxTesting.thread("loopbridge-fx-exit-watcher");
            if (watcher != null) watcher.join(30_000);
            check(watcher == null || !watcher.isAlive(), "the exit watcher finished closing the loop");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void check(boolean ok, String what) {
        System.out.println((ok ? "ok   " : "FAIL ") + what);
        if (!ok) failures.add(what);
    }
}
