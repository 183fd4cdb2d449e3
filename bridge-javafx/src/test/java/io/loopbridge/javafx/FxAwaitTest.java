package io.loopbridge.javafx;

import io.loopbridge.core.LoopFuture;
import io.loopbridge.core.Task;
import io.loopbridge.core.testkit.CoroutineJdk;
import io.loopbridge.core.testkit.LeakCheck;
import javafx.application.Platform;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.value.ChangeListener;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.input.MouseEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.loopbridge.core.Await.await;
import static javafx.scene.control.Alert.AlertType.CONFIRMATION;
import static io.loopbridge.javafx.FxTesting.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FxAwait}: a dialog's result without a nested loop, a property's next change, a condition on it,
 * a node's next event; each cleans its listener up when done or cancelled, and cancelling the dialog's
 * future closes the dialog. The chain-style tests run on every JDK; the await-style ones on JDK 21+.
 * Monocle.
 */
@Timeout(30)
class FxAwaitTest {
    private FxLoop loop;

    @BeforeAll
    static void startToolkit() {
        FxTesting.startToolkit();
    }

    @BeforeEach
    void createLoop() {
        loop = FxLoop.create();
    }

    @AfterEach
    void closeLoop() throws Exception {
        loop.close();
        onFx(() -> {
            for (javafx.stage.Window w : List.copyOf(javafx.stage.Window.getWindows())) if (w.isShowing()) w.hide();
            return null;
        });
    }

    /** A string property that counts its change listeners. */
    static final class CountedProperty extends SimpleStringProperty {
        final AtomicInteger listeners = new AtomicInteger();

        CountedProperty(String initial) {
            super(initial);
        }

        @Override
        public void addListener(ChangeListener<? super String> l) {
            listeners.incrementAndGet();
            super.addListener(l);
        }

        @Override
        public void removeListener(ChangeListener<? super String> l) {
            listeners.decrementAndGet();
            super.removeListener(l);
        }
    }

    private static Dialog<String> dialog(boolean withCancelButton) {
        Dialog<String> d = new Dialog<>();
        d.setTitle("question");
        if (withCancelButton) d.getDialogPane().getButtonTypes().add(ButtonType.CANCEL);
        d.setResultConverter(button -> null); // cancel gives no result (without a converter JavaFX returns the ButtonType itself)
        return d;
    }

    // ---- dialogs ----

    @Test
    void aDialogsResultArrivesWhenItClosesWithoutANestedLoopAndTheFxThreadStaysLive() throws Exception {
        Dialog<String> d = onFx(() -> dialog(true));
        LoopFuture<Optional<String>> answer = onFx(() -> FxAwait.dialog(loop, d));
        assertTrue(onFx(d::isShowing));
        assertFalse(onFx(Platform::isNestedLoopRunning), "shown, not showAndWait: no nested loop");
        assertFalse(answer.isDone());
        onFx(() -> {
            d.setResult("yes"); // what a button does: sets the result, which closes the dialog
            return null;
        });
        assertEquals(Optional.of("yes"), answer.get(10, TimeUnit.SECONDS));
        assertFalse(onFx(d::isShowing));
    }

    @Test
    void aDialogClosedWithoutAResultGivesEmpty() throws Exception {
        Dialog<String> d = onFx(() -> dialog(true));
        LoopFuture<Optional<String>> answer = onFx(() -> FxAwait.dialog(loop, d));
        onFx(() -> {
            d.close();
            return null;
        });
        assertEquals(Optional.empty(), answer.get(10, TimeUnit.SECONDS));
    }

    @Test
    void cancellingTheFutureClosesTheDialogEvenOneWithoutACancelButton() throws Exception {
        for (boolean cancelButton : new boolean[] {true, false}) {
            Dialog<String> d = onFx(() -> dialog(cancelButton));
            LoopFuture<Optional<String>> answer = onFx(() -> FxAwait.dialog(loop, d));
            assertTrue(answer.cancel(true)); // from the test thread: the dialog is closed on the FX thread
            FxTesting.drainFx();
            assertFalse(onFx(d::isShowing), "closed, cancel button: " + cancelButton);
        }
    }

    @Test
    void aDialogAlreadyShowingIsRefused() throws Exception {
        Dialog<String> d = onFx(() -> dialog(true));
        onFx(() -> FxAwait.dialog(loop, d));
        IllegalStateException e = onFx(() -> assertThrows(IllegalStateException.class, () -> FxAwait.dialog(loop, d)));
        assertTrue(e.getMessage().contains("already showing"), e.getMessage());
    }

    @Test
    void aCoroutineAwaitsTheDialogAndCancellingItsTaskClosesTheDialogAndRunsItsFinally() throws Exception {
        CoroutineJdk.requireCoroutines();
        Dialog<String> d = onFx(() -> dialog(false));
        List<String> seen = new CopyOnWriteArrayList<>();
        Task<Optional<String>> t = onFx(() -> loop.launchEager(() -> {
            try {
                return await(FxAwait.dialog(loop, d));
            } finally {
                seen.add("finally, on the FX thread: " + Platform.isFxApplicationThread());
            }
        }));
        assertTrue(onFx(d::isShowing));
        t.cancel(true); // the dialog's future belongs to the task: cancelled with it
        assertThrows(CancellationException.class, () -> t.get(10, TimeUnit.SECONDS));
        FxTesting.drainFx();
        assertFalse(onFx(d::isShowing));
        assertEquals(List.of("finally, on the FX thread: true"), seen);
    }

    @Test
    void aCoroutineAwaitsTheDialogsResult() throws Exception {
        CoroutineJdk.requireCoroutines();
        Dialog<String> d = onFx(() -> dialog(true));
        Task<String> t = onFx(() -> loop.launchEager(() -> await(FxAwait.dialog(loop, d)).orElse("none") + " on FX: " + Platform.isFxApplicationThread()));
        onFx(() -> {
            d.setResult("ok");
            return null;
        });
        assertEquals("ok on FX: true", t.get(10, TimeUnit.SECONDS));
    }

    // ---- observable values ----

    @Test
    void nextChangeGivesTheNewValueAndRemovesItsListener() throws Exception {
        CountedProperty p = new CountedProperty("a");
        LoopFuture<String> next = onFx(() -> FxAwait.nextChange(loop, p));
        assertEquals(1, p.listeners.get());
        onFx(() -> {
            p.set("b");
            p.set("c");
            return null;
        });
        assertEquals("b", next.get(10, TimeUnit.SECONDS), "the change that fired it");
        FxTesting.drainFx();
        assertEquals(0, p.listeners.get());
    }

    @Test
    void cancellingNextChangeRemovesItsListener() throws Exception {
        CountedProperty p = new CountedProperty("a");
        LoopFuture<String> next = onFx(() -> FxAwait.nextChange(loop, p));
        next.cancel(true);
        FxTesting.drainFx();
        assertEquals(0, p.listeners.get());
    }

    @Test
    void whenIsDoneAtOnceIfTheConditionHoldsNowAndAddsNoListener() throws Exception {
        CountedProperty p = new CountedProperty("ready");
        LoopFuture<String> f = onFx(() -> FxAwait.when(loop, p, "ready"::equals));
        assertTrue(f.isDone());
        assertEquals("ready", f.getNow(null));
        assertEquals(0, p.listeners.get());
    }

    @Test
    void whenCompletesAtTheFirstChangeAfterWhichTheConditionHolds() throws Exception {
        SimpleIntegerProperty n = new SimpleIntegerProperty(0);
        LoopFuture<Number> f = onFx(() -> FxAwait.when(loop, n, v -> v.intValue() >= 3));
        onFx(() -> {
            for (int i = 1; i <= 5; i++) n.set(i);
            return null;
        });
        assertEquals(3, f.get(10, TimeUnit.SECONDS).intValue());
    }

    @Test
    void aConditionThatThrowsFailsTheFutureAndRemovesTheListener() throws Exception {
        CountedProperty p = new CountedProperty("a");
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        LoopFuture<String> f = onFx(() -> FxAwait.when(loop, p, v -> {
            if (v.equals("bad")) throw boom;
            return false;
        }));
        onFx(() -> {
            p.set("bad");
            return null;
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        assertSame(boom, e.getCause());
        FxTesting.drainFx();
        assertEquals(0, p.listeners.get());
    }

    @Test
    void aCoroutineWaitsForAConditionAcrossChanges() throws Exception {
        CoroutineJdk.requireCoroutines();
        SimpleIntegerProperty n = new SimpleIntegerProperty(0);
        Task<Integer> t = onFx(() -> loop.launchEager(() -> {
            int first = await(FxAwait.nextChange(loop, n)).intValue();
            int later = await(FxAwait.when(loop, n, v -> v.intValue() > 10)).intValue();
            return first * 100 + later;
        }));
        for (int i = 1; i <= 12; i++) {
            int v = i;
            onFx(() -> {
                n.set(v);
                return null;
            });
        }
        assertEquals(111, (int) t.get(10, TimeUnit.SECONDS));
    }

    @Test
    void theGuidesExampleAsksWaitsForTheUploadAndSaysSo() throws Exception {
        CoroutineJdk.requireCoroutines();
        javafx.scene.control.ProgressBar upload = onFx(javafx.scene.control.ProgressBar::new);
        javafx.scene.control.Label status = onFx(javafx.scene.control.Label::new);
        Task<Void> t = onFx(() -> {
            // tag::awaitables[]
            return loop.launch(() -> {
                Optional<ButtonType> answer = await(FxAwait.dialog(loop, new Alert(CONFIRMATION, "Delete?")));
                if (answer.orElse(ButtonType.CANCEL) != ButtonType.OK) return;
                await(FxAwait.when(loop, upload.progressProperty(), p -> p.doubleValue() >= 1));
                status.setText("uploaded");
            });
            // end::awaitables[]
        });
        javafx.scene.control.DialogPane pane = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pane == null && System.nanoTime() < deadline) {
            pane = onFx(() -> {
                for (javafx.stage.Window w : javafx.stage.Window.getWindows()) {
                    if (w.isShowing() && w.getScene() != null && w.getScene().getRoot() instanceof javafx.scene.control.DialogPane) {
                        return (javafx.scene.control.DialogPane) w.getScene().getRoot();
                    }
                }
                return null;
            });
            if (pane == null) Thread.sleep(5);
        }
        assertTrue(pane != null, "the alert showed");
        javafx.scene.control.DialogPane shown = pane;
        assertFalse(onFx(Platform::isNestedLoopRunning), "shown without a nested loop");
        onFx(() -> {
            ((Button) shown.lookupButton(ButtonType.OK)).fire();
            return null;
        });
        for (double p : new double[] {0.5, 1.0}) {
            Thread.sleep(20);
            onFx(() -> {
                upload.setProgress(p);
                return null;
            });
        }
        t.get(10, TimeUnit.SECONDS);
        assertEquals("uploaded", onFx(status::getText));
    }

    @Test
    void theGuideQuotesTheExampleVerbatim() throws Exception {
        java.nio.file.Path here = java.nio.file.Path.of("").toAbsolutePath();
        java.nio.file.Path root = java.nio.file.Files.exists(here.resolve("README.md")) ? here : here.getParent();
        String guide = java.nio.file.Files.readString(root.resolve("docs/coroutines.md"));
        String source = java.nio.file.Files.readString(root.resolve("bridge-javafx/src/test/java/io/loopbridge/javafx/FxAwaitTest.java"));
        String code = FxTesting.tagged(source, "awaitables").replaceFirst("return loop.launch", "loop.launch");
        assertTrue(guide.contains(code), "docs/coroutines.md does not quote the FxAwait example verbatim:\n" + code);
    }

    // ---- events ----

    @Test
    void nextEventGivesTheEventAndOnlyTheFirst() throws Exception {
        Button b = onFx(() -> new Button("go"));
        LoopFuture<ActionEvent> f = onFx(() -> FxAwait.nextEvent(loop, b, ActionEvent.ACTION));
        AtomicInteger later = new AtomicInteger();
        onFx(() -> {
            b.setOnAction(e -> later.incrementAndGet());
            b.fire();
            b.fire();
            return null;
        });
        ActionEvent e = f.get(10, TimeUnit.SECONDS);
        assertSame(b, e.getSource());
        assertFalse(e.isConsumed(), "not consumed: the button's own handler ran too");
        assertEquals(2, later.get());
    }

    @Test
    void aSubtypeOfTheEventTypeCountsAndOthersDoNot() throws Exception {
        Button b = onFx(() -> new Button("go"));
        LoopFuture<MouseEvent> f = onFx(() -> FxAwait.nextEvent(loop, b, MouseEvent.ANY));
        onFx(() -> {
            b.fire(); // an ActionEvent: not a MouseEvent
            return null;
        });
        FxTesting.drainFx();
        assertFalse(f.isDone());
        onFx(() -> {
            b.fireEvent(new MouseEvent(MouseEvent.MOUSE_CLICKED, 1, 1, 1, 1, javafx.scene.input.MouseButton.PRIMARY, 1,
                    false, false, false, false, true, false, false, true, false, false, null));
            return null;
        });
        assertEquals(MouseEvent.MOUSE_CLICKED, f.get(10, TimeUnit.SECONDS).getEventType());
    }

    @Test
    void aCompletedOrCancelledNextEventLeavesNothingOnTheNode() throws Exception {
        Button b = onFx(() -> new Button("go"));
        List<WeakReference<LoopFuture<ActionEvent>>> refs = new java.util.ArrayList<>();
        onFx(() -> {
            LoopFuture<ActionEvent> done = FxAwait.nextEvent(loop, b, ActionEvent.ACTION);
            LoopFuture<ActionEvent> cancelled = FxAwait.nextEvent(loop, b, ActionEvent.ACTION);
            refs.add(new WeakReference<>(done));
            refs.add(new WeakReference<>(cancelled));
            cancelled.cancel(true);
            b.fire();
            return null;
        });
        FxTesting.drainFx();
        assertEquals(0, LeakCheck.awaitCleared(refs, 5_000), "the node keeps no handler that holds the futures");
        java.lang.ref.Reference.reachabilityFence(b); // the node stays alive: only its handlers could hold the futures
    }

    @Test
    void everyMethodIsForTheFxThread() {
        SimpleStringProperty p = new SimpleStringProperty();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FxAwait.nextChange(loop, p));
        assertTrue(e.getMessage().contains("FxAwait.nextChange() is for the JavaFX Application Thread"), e.getMessage());
        assertInstanceOf(IllegalStateException.class, assertThrows(RuntimeException.class, () -> FxAwait.when(loop, p, v -> true)));
    }
}
