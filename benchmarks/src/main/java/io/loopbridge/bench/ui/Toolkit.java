package io.loopbridge.bench.ui;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import javax.swing.JFrame;
import javax.swing.JLabel;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The UI toolkit under a run: JavaFX (Monocle headless or GTK glass, chosen by the JVM's system
 * properties) or Swing (headless AWT or X11). It starts the toolkit, shows a small window where there is
 * a display (a real application has one: its pulses render, its repaints go through the queue), runs
 * harness code on the UI thread with the toolkit's own primitive, and measures frame gaps: on JavaFX the
 * time between {@link AnimationTimer} pulses, on Swing between ticks of a repeating 16 ms
 * {@link javax.swing.Timer} (Swing has no frame clock).
 *
 * <p>Public for the other harnesses of this module (the stream benchmarks start their toolkit here too).
 *
 * <p><b>Threading.</b> {@link #start()}, {@link #onUi} and {@link #callOnUi} from a non-UI thread (the
 * harness's main thread); the frame recorder's figures are written on the UI thread and read after a
 * {@code callOnUi}, which orders them.
 */
public abstract class Toolkit {
    abstract String name();

    /** Starts the toolkit (once per JVM) and shows its small window where there is a display. */
    public abstract void start() throws Exception;

    /** Runs {@code r} on the UI thread with the toolkit's own primitive (never the measured one). */
    public abstract void onUi(Runnable r);

    abstract boolean isUiThread();

    /** Starts recording frame gaps; UI thread. */
    abstract Frames frames();

    /** Runs {@code body} on the UI thread and waits (at most {@code seconds}) for its result. */
    public <T> T callOnUi(java.util.function.Supplier<T> body, long seconds) throws Exception {
        AtomicReference<T> out = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        onUi(() -> {
            try {
                out.set(body.get());
            } catch (Throwable e) {
                failure.set(e);
            } finally {
                done.countDown();
            }
        });
        if (!done.await(seconds, TimeUnit.SECONDS)) throw new IllegalStateException("the UI thread did not answer within " + seconds + " s");
        if (failure.get() != null) throw new IllegalStateException("on the UI thread: " + failure.get(), failure.get());
        return out.get();
    }

    /** The toolkit {@code name}: "fx" or "swing". */
    public static Toolkit create(String name) {
        switch (name) {
            case "fx": return new Fx();
            case "swing": return new Swing();
            default: throw new IllegalArgumentException("toolkit: " + name + " (expected: fx or swing)");
        }
    }

    /** Frame gaps: the longest gap between two frames since {@link #reset()}. UI thread only. */
    abstract static class Frames {
        private long last;
        private long maxGap;
        private long frames;

        final void tick() {
            long now = System.nanoTime();
            if (last != 0) maxGap = Math.max(maxGap, now - last);
            last = now;
            frames++;
        }

        /** Forgets the gaps so far (the next gap counts from the last frame). */
        final void reset() {
            maxGap = 0;
            frames = 0;
        }

        /** The longest gap since the reset, counting the open one up to now. */
        final long maxGapNanos() {
            return Math.max(maxGap, last == 0 ? 0 : System.nanoTime() - last);
        }

        final long frames() {
            return frames;
        }

        abstract void stop();
    }

    private static final class Fx extends Toolkit {
        @Override String name() { return "fx"; }

        /** Whether this JVM started the toolkit already (a JVM starts it once; the smoke test runs several impls). */
        private static boolean started;

        @Override
        public void start() throws Exception {
            synchronized (Fx.class) {
                if (started) return;
                started = true;
            }
            CountDownLatch up = new CountDownLatch(1);
            Platform.startup(up::countDown);
            up.await();
            Platform.setImplicitExit(false);
            callOnUi(() -> {
                Stage stage = new Stage();
                stage.setScene(new Scene(new StackPane(new Label("LoopBridge UI benchmark")), 200, 200));
                stage.show();
                return null;
            }, 30);
        }

        @Override public void onUi(Runnable r) { Platform.runLater(r); }
        @Override boolean isUiThread() { return Platform.isFxApplicationThread(); }

        @Override
        Frames frames() {
            AnimationTimer[] timer = new AnimationTimer[1];
            Frames f = new Frames() {
                @Override void stop() { timer[0].stop(); }
            };
            timer[0] = new AnimationTimer() {
                @Override public void handle(long now) { f.tick(); }
            };
            timer[0].start();
            return f;
        }
    }

    private static final class Swing extends Toolkit {
        @Override String name() { return "swing"; }

        @Override
        public void start() throws Exception {
            if (!GraphicsEnvironment.isHeadless()) {
                EventQueue.invokeAndWait(() -> {
                    JFrame frame = new JFrame("LoopBridge UI benchmark");
                    frame.add(new JLabel("LoopBridge UI benchmark"));
                    frame.setSize(200, 200);
                    frame.setVisible(true);
                });
            } else {
                EventQueue.invokeAndWait(() -> { }); // start the EDT
            }
        }

        @Override public void onUi(Runnable r) { EventQueue.invokeLater(r); }
        @Override boolean isUiThread() { return EventQueue.isDispatchThread(); }

        @Override
        Frames frames() {
            javax.swing.Timer[] timer = new javax.swing.Timer[1];
            Frames f = new Frames() {
                @Override void stop() { timer[0].stop(); }
            };
            timer[0] = new javax.swing.Timer(16, e -> f.tick());
            timer[0].setCoalesce(true);
            timer[0].start();
            return f;
        }
    }
}
