package io.loopbridge.bench.ui;

import hu.akarnokd.rxjava3.swing.SwingSchedulers;
import io.loopbridge.core.TimerHandle;
import io.loopbridge.javafx.FxLoop;
import io.loopbridge.swing.SwingLoop;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.disposables.Disposable;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlinx.coroutines.DisposableHandle;
import kotlinx.coroutines.Dispatchers;
import kotlinx.coroutines.javafx.JavaFxDispatcher;
import kotlinx.coroutines.javafx.JavaFxDispatcherKt;
import kotlinx.coroutines.swing.SwingDispatcher;
import kotlinx.coroutines.swing.SwingDispatcherKt;
import org.pdfsam.rxjavafx.schedulers.JavaFxScheduler;

import java.awt.EventQueue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One way to get work onto a UI thread, as the harness measures it: a cross-thread {@link #post} and a
 * one-shot {@link #timer} with its {@link #cancel}. Each implementation is what a Java user of that
 * library would call: LoopBridge's {@code execute}/{@code callLater}; the toolkit's own primitives
 * ({@code Platform.runLater} with a {@code Timeline} per timer, {@code EventQueue.invokeLater} with a
 * {@code javax.swing.Timer} per timer); kotlinx-coroutines' JavaFx/Swing dispatchers from Java
 * ({@code dispatch(EmptyCoroutineContext, r)} and {@code Delay.invokeOnTimeout}); RxJava 3 schedulers
 * (RxJavaFX's {@code JavaFxScheduler.platform()} worker, which batches posts into one {@code runLater};
 * rxjava3-swing's {@code SwingSchedulers.edt()} worker). One worker is shared by all producers, as one
 * UI dispatcher is.
 *
 * <p><b>Threading.</b> {@link #post} from any thread; {@link #timer} and {@link #cancel} on the UI thread
 * (where the harness schedules timers, as UI code does); {@link #close} from any thread.
 */
abstract class Target {
    /** The subject; every other name is a baseline (see the report's "LoopBridge ÷ baseline"). */
    static final String LOOPBRIDGE = "loopbridge";
    static final List<String> FX = List.of(LOOPBRIDGE, "runLater", "kotlinx", "rxjavafx");
    static final List<String> SWING = List.of(LOOPBRIDGE, "invokeLater", "kotlinx", "rxswing");

    abstract void post(Runnable r);

    /** A one-shot timer {@code delayMillis} from now; returns what {@link #cancel} takes. UI thread. */
    abstract Object timer(long delayMillis, Runnable r);

    abstract void cancel(Object timer);

    void close() {}

    /** The target {@code impl} for {@code toolkit} ("fx" or "swing"), after the toolkit has started. */
    static Target create(String toolkit, String impl) {
        switch (toolkit + "/" + impl) {
            case "fx/loopbridge": return new LoopBridgeFx();
            case "fx/runLater": return new RunLater();
            case "fx/kotlinx": return new KotlinxFx();
            case "fx/rxjavafx": return new Rx(JavaFxScheduler.platform());
            case "swing/loopbridge": return new LoopBridgeSwing();
            case "swing/invokeLater": return new InvokeLater();
            case "swing/kotlinx": return new KotlinxSwing();
            case "swing/rxswing": return new Rx(SwingSchedulers.edt());
            default: throw new IllegalArgumentException("impl: " + toolkit + "/" + impl
                    + " (expected: fx/" + String.join("|", FX) + " or swing/" + String.join("|", SWING) + ")");
        }
    }

    /** {@code FxLoop.create()}: the default, precise timers. */
    private static final class LoopBridgeFx extends Target {
        private final FxLoop loop = FxLoop.create();

        @Override void post(Runnable r) { loop.execute(r); }
        @Override Object timer(long ms, Runnable r) { return loop.callLater(Duration.ofMillis(ms), r); }
        @Override void cancel(Object t) { ((TimerHandle) t).cancel(); }
        @Override void close() { loop.close(); }
    }

    /** {@code SwingLoop.create()}: the default, {@code javax.swing.Timer} host timer. */
    private static final class LoopBridgeSwing extends Target {
        private final SwingLoop loop = SwingLoop.create();

        @Override void post(Runnable r) { loop.execute(r); }
        @Override Object timer(long ms, Runnable r) { return loop.callLater(Duration.ofMillis(ms), r); }
        @Override void cancel(Object t) { ((TimerHandle) t).cancel(); }
        @Override void close() { loop.close(); }
    }

    /** {@code Platform.runLater}, and a {@code Timeline} per timer. */
    private static final class RunLater extends Target {
        @Override void post(Runnable r) { Platform.runLater(r); }

        @Override
        Object timer(long ms, Runnable r) {
            Timeline t = new Timeline(new KeyFrame(javafx.util.Duration.millis(ms), e -> r.run()));
            t.play();
            return t;
        }

        @Override void cancel(Object t) { ((Timeline) t).stop(); }
    }

    /** {@code EventQueue.invokeLater}, and a one-shot {@code javax.swing.Timer} per timer. */
    private static final class InvokeLater extends Target {
        @Override void post(Runnable r) { EventQueue.invokeLater(r); }

        @Override
        Object timer(long ms, Runnable r) {
            javax.swing.Timer t = new javax.swing.Timer((int) ms, e -> r.run());
            t.setRepeats(false);
            t.start();
            return t;
        }

        @Override void cancel(Object t) { ((javax.swing.Timer) t).stop(); }
    }

    /** kotlinx-coroutines-javafx's {@code Dispatchers.JavaFx}, called from Java. */
    private static final class KotlinxFx extends Target {
        private final JavaFxDispatcher d = JavaFxDispatcherKt.getJavaFx(Dispatchers.INSTANCE);

        @Override void post(Runnable r) { d.dispatch(EmptyCoroutineContext.INSTANCE, r); }
        @Override Object timer(long ms, Runnable r) { return d.invokeOnTimeout(ms, r, EmptyCoroutineContext.INSTANCE); }
        @Override void cancel(Object t) { ((DisposableHandle) t).dispose(); }
    }

    /** kotlinx-coroutines-swing's {@code Dispatchers.Swing}, called from Java. */
    private static final class KotlinxSwing extends Target {
        private final SwingDispatcher d = SwingDispatcherKt.getSwing(Dispatchers.INSTANCE);

        @Override void post(Runnable r) { d.dispatch(EmptyCoroutineContext.INSTANCE, r); }
        @Override Object timer(long ms, Runnable r) { return d.invokeOnTimeout(ms, r, EmptyCoroutineContext.INSTANCE); }
        @Override void cancel(Object t) { ((DisposableHandle) t).dispose(); }
    }

    /** An RxJava 3 UI scheduler's worker (RxJavaFX's batches posts; rxjava3-swing's posts each one). */
    private static final class Rx extends Target {
        private final Scheduler.Worker w;

        Rx(Scheduler s) {
            w = s.createWorker();
        }

        @Override void post(Runnable r) { w.schedule(r); }
        @Override Object timer(long ms, Runnable r) { return w.schedule(r, ms, TimeUnit.MILLISECONDS); }
        @Override void cancel(Object t) { ((Disposable) t).dispose(); }
        @Override void close() { w.dispose(); }
    }
}
