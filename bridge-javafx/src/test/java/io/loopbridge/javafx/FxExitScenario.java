package io.loopbridge.javafx;

import io.loopbridge.core.Task;
import io.loopbridge.core.TimerHandle;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Run in a JVM of its own by {@link FxExitTest} (the JavaFX toolkit cannot start again after it exited):
 * a loop with pending work, a thread waiting in {@code runUntilComplete}, then the toolkit exits, by
 * {@code Platform.exit()} ({@code explicit}) or by closing the last window ({@code implicit}). Prints one
 * line per check ("ok ..." or "FAIL ...") and returns from {@code main}: the JVM must then end by itself.
 */
class FxExitScenario {
    private static final List<String> failures = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        boolean implicit = args.length > 0 && args[0].equals("implicit");
        FxLoop loop = FxLoop.create(FxLoop.Timers.PRECISE);
        Stage stage = FxTesting.onFx(() -> {
            Stage s = new Stage();
            s.setScene(new Scene(new Label("exit"), 100, 50));
            s.show();
            return s;
        });
        Task<Void> task = loop.createTask(() -> loop.sleep(Duration.ofHours(1)));
        TimerHandle timer = loop.callLater(Duration.ofHours(1), () -> { });
        CompletableFuture<Throwable> waiter = new CompletableFuture<>();
        Thread w = new Thread(() -> {
            try {
                loop.runUntilComplete(task);
                waiter.complete(null);
            } catch (Throwable e) {
                waiter.complete(e);
            }
        }, "waiter");
        w.start();
        FxTesting.drainFx();
        FxTesting.drainFx();
        check(FxTesting.thread(loop.timerThreadName()) != null, "the timer thread runs before the exit");

        if (implicit) {
            Platform.setImplicitExit(true);
            Platform.runLater(stage::close); // the last window closes: JavaFX exits by itself
        } else {
            Platform.exit();
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(loop.isClosed() && task.isDone()) && System.nanoTime() < deadline) Thread.sleep(5);
        check(loop.isClosed(), "the loop is closed once the toolkit has exited");
        check(task.isCancelled(), "its pending task is cancelled");
        check(timer.isCancelled(), "its pending timer is cancelled");
        Throwable e = waiter.get(10, TimeUnit.SECONDS);
        check(e instanceof java.util.concurrent.CancellationException || e instanceof IllegalStateException,
                "runUntilComplete on another thread returns (threw " + e + ")");
        try {
            loop.callSoon(() -> { });
            check(false, "scheduling after the exit throws RejectedExecutionException");
        } catch (RejectedExecutionException expected) {
            check(true, "scheduling after the exit throws RejectedExecutionException");
        }
        try {
            FxLoop.create();
            check(false, "FxLoop.create() after the exit fails");
        } catch (IllegalStateException expected) {
            check(expected.getMessage().contains("exited"), "FxLoop.create() after the exit fails: " + expected.getMessage());
        }
        Thread t = FxTesting.thread(loop.timerThreadName());
        if (t != null) t.join(5_000);
        check(FxTesting.thread(loop.timerThreadName()) == null, "the timer thread has ended");
        for (Thread th : Thread.getAllStackTraces().keySet()) {
            if (!th.isDaemon() && th.isAlive() && th != Thread.currentThread() && !th.getName().equals("DestroyJavaVM")) {
                System.out.println("note: non-daemon thread still alive: " + th);
            }
        }
        System.out.println(failures.isEmpty() ? "SCENARIO PASSED" : "SCENARIO FAILED " + failures);
        // return from main without System.exit: the JVM must end on its own
    }

    private static void check(boolean ok, String what) {
        System.out.println((ok ? "ok   " : "FAIL ") + what);
        if (!ok) failures.add(what);
    }
}
