package io.loopbridge.swing;

import io.loopbridge.core.Task;
import io.loopbridge.core.testkit.CoroutineJdk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.awt.EventQueue;
import java.awt.SecondaryLoop;
import java.awt.Toolkit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.loopbridge.core.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The nested-loop guard on Swing, headless (issue 14, item 3): a plain EDT event that a
 * {@link SecondaryLoop} runs (what a modal dialog's {@code show()} runs; {@link SwingModalNestingTest} shows a
 * real modal dialog under Xvfb) while the coroutine that opened it is still current cannot suspend that
 * coroutine: its {@code await} throws {@link IllegalStateException}, where unguarded it silently freezes
 * the nested loop. The body awaits fine once the nested loop returned; a coroutine resumed inside a nested
 * loop suspends fine there. JDK 21+.
 */
@Timeout(30)
class SwingNestingTest {
    private SwingLoop loop;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void createLoop() {
        CoroutineJdk.requireCoroutines();
        loop = SwingLoop.create();
    }

    @AfterEach
    void closeLoop() {
        if (loop != null) loop.close();
    }

    private static SecondaryLoop secondaryLoop() {
        return Toolkit.getDefaultToolkit().getSystemEventQueue().createSecondaryLoop();
    }

    /** An EDT event that awaits and records whether it was refused; then runs {@code then}. */
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
    void anAwaitInsideASecondaryLoopTheCoroutineOpenedIsRefusedAndTheBodyAwaitsAfterIt() throws Exception {
        Task<String> t = Edt.call(() -> loop.launchEager(() -> {
            SecondaryLoop nested = secondaryLoop();
            EventQueue.invokeLater(awaitInAPlainEvent("nested event", nested::exit));
            nested.enter();                                   // pumps the EDT, as a modal dialog does
            await(loop.sleep(Duration.ofMillis(1)));          // after it returned: suspends fine
            return "left, then awaited";
        }));
        assertEquals("left, then awaited", t.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("nested event: refused, naming the nested loop"), seen);
    }

    @Test
    void aLoopCallbackInsideTheNestedLoopIsRefusedToo() throws Exception {
        Task<String> t = Edt.call(() -> loop.launchEager(() -> {
            SecondaryLoop nested = secondaryLoop();
            loop.callSoon(awaitInAPlainEvent("loop callback", nested::exit));
            nested.enter();
            return "done";
        }));
        assertEquals("done", t.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("loop callback: refused, naming the nested loop"), seen);
    }

    @Test
    void aCoroutineResumedInsideSomeoneElsesNestedLoopSuspendsThereFine() throws Exception {
        CompletableFuture<String> inner = new CompletableFuture<>();
        EventQueue.invokeLater(() -> {
            SecondaryLoop nested = secondaryLoop();
            Task<String> t = loop.launchEager(() -> {
                await(loop.sleep(Duration.ofMillis(1)));      // resumed inside the nested loop below
                await(loop.sleep(Duration.ofMillis(1)));      // and suspends again there
                return "twice";
            });
            t.whenComplete((v, e) -> {
                if (e != null) inner.completeExceptionally(e);
                else inner.complete(v);
                nested.exit();
            });
            nested.enter();
        });
        assertEquals("twice", inner.get(10, TimeUnit.SECONDS));
    }

    @Test
    void theProbeCountsNestedDispatchOnTheEdt() throws Exception {
        var probe = SwingNesting.probe();
        CompletableFuture<List<Integer>> depths = new CompletableFuture<>();
        EventQueue.invokeLater(() -> {
            int one = probe.getAsInt();
            SecondaryLoop nested = secondaryLoop();
            EventQueue.invokeLater(() -> {
                int two = probe.getAsInt();
                nested.exit();
                EventQueue.invokeLater(() -> depths.complete(List.of(one, two, probe.getAsInt())));
            });
            nested.enter();
        });
        assertEquals(List.of(1, 2, 1), depths.get(10, TimeUnit.SECONDS));
    }
}
