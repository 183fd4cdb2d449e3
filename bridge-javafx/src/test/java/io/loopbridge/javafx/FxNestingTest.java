package io.loopbridge.javafx;

import io.loopbridge.core.Task;
import io.loopbridge.core.testkit.CoroutineJdk;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.loopbridge.core.Await.await;
import static io.loopbridge.javafx.FxTesting.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The nested-loop guard on JavaFX (issue 14, item 3): a plain FX event that a nested event loop runs
 * ({@code showAndWait()}, {@code Platform.enterNestedEventLoop}) while the coroutine that opened it is
 * still current cannot suspend that coroutine: its {@code await} throws {@link IllegalStateException}
 * where, unguarded, it would freeze the nested loop (Monocle) or fail as {@code Pinned: NATIVE} (GTK). The
 * body itself awaits fine once the nested loop returned, and a coroutine resumed inside a nested loop
 * suspends fine there. JDK 21+, Monocle.
 */
@Timeout(30)
class FxNestingTest {
    private FxLoop loop;
    /** What the plain handlers inside the nested loops saw. */
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startToolkit() {
        FxTesting.startToolkit();
    }

    @BeforeEach
    void createLoop() {
        CoroutineJdk.requireCoroutines();
        loop = FxLoop.create();
    }

    @AfterEach
    void closeLoop() {
        if (loop != null) loop.close();
    }

    /** What an await in a plain FX event (not a loop callback) did: returned or threw what. */
    private Runnable awaitInAPlainEvent(String name, Runnable then) {
        return () -> {
            try {
                await(loop.sleep(Duration.ofMillis(1)));
                seen.add(name + ": suspended and came back");
            } catch (IllegalStateException e) {
                seen.add(name + ": " + (e.getMessage().contains("nested event loop") ? "refused, naming the nested loop" : e.getMessage()));
            } catch (Throwable e) {
                seen.add(name + ": " + e);
            } finally {
                then.run();
            }
        };
    }

    @Test
    void anAwaitInsideAPlatformNestedLoopTheCoroutineOpenedIsRefusedAndTheBodyAwaitsAfterIt() throws Exception {
        Object key = new Object();
        Task<String> t = onFx(() -> loop.launchEager(() -> {
            Platform.runLater(awaitInAPlainEvent("nested event", () -> Platform.exitNestedEventLoop(key, "left")));
            Object left = Platform.enterNestedEventLoop(key); // a nested loop, opened by the body
            await(loop.sleep(Duration.ofMillis(1)));         // after it returned: suspends fine
            return left + ", then awaited";
        }));
        assertEquals("left, then awaited", t.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("nested event: refused, naming the nested loop"), seen);
    }

    @Test
    void anAwaitInsideShowAndWaitTheCoroutineOpenedIsRefusedInsteadOfFreezingTheDialog() throws Exception {
        Task<String> t = onFx(() -> loop.launchEager(() -> {
            Stage dialog = new Stage();
            dialog.setScene(new Scene(new Label("modal"), 100, 50));
            Platform.runLater(awaitInAPlainEvent("dialog event", dialog::hide));
            dialog.showAndWait();                             // the nested loop runs the event above
            await(loop.sleep(Duration.ofMillis(1)));
            return "closed, then awaited";
        }));
        assertEquals("closed, then awaited", t.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("dialog event: refused, naming the nested loop"), seen);
    }

    @Test
    void aLoopCallbackInsideTheNestedLoopIsRefusedToo() throws Exception {
        Object key = new Object();
        Task<String> t = onFx(() -> loop.launchEager(() -> {
            loop.callSoon(awaitInAPlainEvent("loop callback", () -> Platform.exitNestedEventLoop(key, "left")));
            Platform.enterNestedEventLoop(key);
            return "done";
        }));
        assertEquals("done", t.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("loop callback: refused, naming the nested loop"), seen);
    }

    @Test
    void aCoroutineResumedInsideSomeoneElsesNestedLoopSuspendsThereFine() throws Exception {
        Object key = new Object();
        CompletableFuture<String> inner = new CompletableFuture<>();
        onFx(() -> {
            // a plain handler (no coroutine) opens a nested loop, as an application's showAndWait() does
            Platform.runLater(() -> {
                Task<String> t = loop.launchEager(() -> {
                    await(loop.sleep(Duration.ofMillis(1)));  // resumed inside the nested loop below
                    await(loop.sleep(Duration.ofMillis(1)));  // and suspends again there
                    return "twice";
                });
                t.whenComplete((v, e) -> {
                    if (e != null) inner.completeExceptionally(e);
                    else inner.complete(v);
                    Platform.exitNestedEventLoop(key, null);
                });
                Platform.enterNestedEventLoop(key);
            });
            return null;
        });
        assertEquals("twice", inner.get(10, TimeUnit.SECONDS));
    }

    @Test
    void onThisJavaFxTheGuardIsTheCheckAtSuspendsAndItSeesANestedLoopOnlyAboveTheCoroutine() throws Exception {
        assertTrue(FxNesting.ENTRY_KNOWN, "this JavaFX has Application.enterNestedEventLoop: no fallback probe");
        assertNull(FxNesting.probe(), "no probe read at every resume");
        assertFalse(onFx(FxNesting::openedInCurrentCoroutine));
        Object key = new Object();
        CompletableFuture<List<Boolean>> seenInside = new CompletableFuture<>();
        onFx(() -> {
            Platform.runLater(() -> {
                // outside any coroutine, inside a nested loop: everything on the stack is "above"
                boolean plain = FxNesting.openedInCurrentCoroutine();
                // a coroutine resumed inside that nested loop: the loop's frames are below its own
                Task<Boolean> t = loop.launchEager(() -> FxNesting.openedInCurrentCoroutine());
                seenInside.complete(List.of(plain, t.join()));
                Platform.exitNestedEventLoop(key, null);
            });
            Platform.enterNestedEventLoop(key);
            return null;
        });
        assertEquals(List.of(true, false), seenInside.get(10, TimeUnit.SECONDS));
    }

    @Test
    void outsideEveryNestedLoopTheProbeReadsZeroAndInsideOneItCountsThem() throws Exception {
        assertEquals(0, (int) onFx(FxNesting::depth));
        Object k1 = new Object();
        Object k2 = new Object();
        CompletableFuture<List<Integer>> depths = new CompletableFuture<>();
        onFx(() -> {
            Platform.runLater(() -> {
                int one = FxNesting.depth();
                Platform.runLater(() -> {
                    int two = FxNesting.depth();
                    Platform.exitNestedEventLoop(k2, null);
                    Platform.runLater(() -> {
                        depths.complete(List.of(one, two, FxNesting.depth()));
                        Platform.exitNestedEventLoop(k1, null);
                    });
                });
                Platform.enterNestedEventLoop(k2);
            });
            Platform.enterNestedEventLoop(k1);
            return null;
        });
        assertEquals(List.of(1, 2, 1), depths.get(10, TimeUnit.SECONDS));
        assertEquals(0, (int) onFx(FxNesting::depth));
    }
}
