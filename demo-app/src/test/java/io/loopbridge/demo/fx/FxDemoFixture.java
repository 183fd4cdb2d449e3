package io.loopbridge.demo.fx;

import io.loopbridge.demo.model.Demo;
import io.loopbridge.demo.model.Panel;
import io.loopbridge.demo.model.Timings;
import io.loopbridge.javafx.FxLoop;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The JavaFX demo window on TestFX's primary stage, headless on Monocle, with the demo's fast
 * {@link Timings}. Tests drive it as a person does: {@link #click} a sidebar entry or a button, then
 * {@link #waitUntil} a label shows the outcome (bounded polling on the FX thread; no timing asserts).
 */
@Timeout(60)
abstract class FxDemoFixture {
    /** Bound on every wait: generous, since the machine may be busy; a passing test never waits this long. */
    private static final long WAIT_SECONDS = 20;

    static Stage stage;
    final FxRobot robot = new FxRobot();
    FxLoop loop;
    Demo demo;
    FxDemoWindow window;
    /** How many times the window's close action ran. */
    final AtomicInteger closed = new AtomicInteger();

    @BeforeAll
    static void startToolkit() throws Exception {
        // TestFX must start the toolkit before FxLoop.create() does (else its clicks reach no window under Monocle)
        stage = FxToolkit.registerPrimaryStage();
        Platform.setImplicitExit(false);
    }

    @BeforeEach
    void openWindow() throws Exception {
        loop = FxLoop.create();
        window = onFx(() -> {
            demo = Demo.open(loop, Timings.fast());
            FxDemoWindow w = new FxDemoWindow(loop, demo, stage, () -> {
                closed.incrementAndGet();
                demo.shutdown();
            });
            stage.show();
            stage.toFront();
            return w;
        });
    }

    @AfterEach
    void closeWindow() throws Exception {
        onFx(() -> {
            stage.hide();
            return null;
        });
        demo.shutdown();
        loop.close();
    }

    /** Runs {@code action} in a plain FX event and returns its result (10 s at most). */
    static <T> T onFx(Callable<T> action) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(action.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }

    /** Clicks the node with this CSS id ({@code "#countdown-start"}) as a user does. */
    void click(String query) {
        robot.clickOn(query);
    }

    /** Shows a panel by clicking its sidebar entry. */
    void open(Panel p) throws Exception {
        click("#nav-" + p.id());
        waitUntil(() -> window.selected() == p, () -> "the " + p + " panel is shown");
    }

    /** The node with this CSS id, of this type. */
    <T extends Node> T node(String query, Class<T> type) {
        return robot.lookup(query).queryAs(type);
    }

    /** The text of the label with this CSS id, read on the FX thread. */
    String text(String query) throws Exception {
        Label l = node(query, Label.class);
        return onFx(l::getText);
    }

    /** Polls {@code condition} on the FX thread until it holds; fails after a generous bound, saying what it waited for. */
    static void waitUntil(BooleanSupplier condition, Supplier<String> what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!onFx(condition::getAsBoolean)) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + onFx(what::get));
            Thread.sleep(5);
        }
    }

    /** Waits until the label with this CSS id shows text for which {@code check} holds. */
    void waitForText(String query, java.util.function.Predicate<String> check, String what) throws Exception {
        Label l = node(query, Label.class);
        waitUntil(() -> check.test(l.getText()), () -> what + " (" + query + " shows \"" + l.getText() + "\")");
    }
}
