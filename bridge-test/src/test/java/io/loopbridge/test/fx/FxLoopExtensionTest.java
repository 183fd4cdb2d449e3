package io.loopbridge.test.fx;

import io.loopbridge.core.EventLoop;
import io.loopbridge.core.LoopFuture;
import io.loopbridge.javafx.FxLoop;
import io.loopbridge.test.TestLoop;
import io.loopbridge.test.junit.SampleRuns;
import javafx.application.Platform;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link FxLoopExtension} on Monocle: the sample classes below run through the JUnit launcher. */
@Timeout(60)
class FxLoopExtensionTest {
    static volatile FxLoop seenLoop;

    /** Samples: each method is run by the launcher, and its outcome checked by the tests further down. */
    @EnabledIfSystemProperty(named = SampleRuns.PROPERTY, matches = "true")
    static class Sample {
        @RegisterExtension
        final FxLoopExtension fx = new FxLoopExtension();
        Label built;

        @org.junit.jupiter.api.BeforeEach
        void buildOnTheFxThread() {
            assertTrue(Platform.isFxApplicationThread(), "@BeforeEach off the FX thread");
            built = new Label("built in @BeforeEach");
        }

        @org.junit.jupiter.api.AfterEach
        void checkOnTheFxThread() {
            assertTrue(Platform.isFxApplicationThread(), "@AfterEach off the FX thread");
        }

        @Test
        void runsOnTheFxThreadWithItsLoop(FxLoop loop, EventLoop same) {
            assertTrue(Platform.isFxApplicationThread());
            assertEquals("built in @BeforeEach", built.getText());
            assertSame(loop, same);
            assertTrue(loop.inEventLoop());
            assertSame(loop, fx.loop());
            seenLoop = loop;
            Label label = new Label("before");
            loop.sleep(Duration.ofMillis(20)).thenRun(() -> label.setText("after"));
            fx.runUntil(() -> label.getText().equals("after"), Duration.ofSeconds(10));
            assertEquals("after", label.getText());
        }

        @Test
        void leaksATimerAndATask(FxLoop loop) {
            loop.callLater(Duration.ofHours(1), new Runnable() {
                @Override public void run() { }
                @Override public String toString() { return "the-forgotten-refresh"; }
            });
            loop.createTask(() -> new CompletableFuture<>()).setName("the-stuck-upload");
        }

        @Test
        void reportsAThrowingCallback(FxLoop loop) {
            boolean[] ran = {false};
            loop.callSoon(() -> {
                ran[0] = true;
                throw new IllegalStateException("boom in a callback");
            });
            fx.runUntil(() -> ran[0], Duration.ofSeconds(10));
        }

        @Test
        void failsItself(FxLoop loop) {
            loop.callLater(Duration.ofHours(1), () -> { }); // not reported: the test's own failure says more
            throw new IllegalArgumentException("the test's own failure");
        }

        @Test
        void runUntilGivesUpNamingTheTimeout(FxLoop loop) {
            fx.runUntil(() -> false, Duration.ofMillis(30));
        }
    }

    @EnabledIfSystemProperty(named = SampleRuns.PROPERTY, matches = "true")
    static class LenientSample {
        @RegisterExtension
        final FxLoopExtension fx = new FxLoopExtension().allowLeaks();

        @Test
        void leaksASleep(FxLoop loop) {
            loop.sleep(Duration.ofHours(1));
        }
    }

    @EnabledIfSystemProperty(named = SampleRuns.PROPERTY, matches = "true")
    static class VirtualSample {
        @RegisterExtension
        final FxLoopExtension fx = new FxLoopExtension().virtualTime();

        @Test
        void runsTimersOnVirtualTimeOnTheFxThread(TestLoop loop) {
            assertTrue(Platform.isFxApplicationThread());
            assertTrue(loop.inEventLoop());
            Label label = new Label("waiting");
            loop.sleep(Duration.ofHours(1)).thenRun(() -> label.setText("an hour later, on " + Thread.currentThread().getName()));
            loop.advanceBy(Duration.ofMinutes(59));
            assertEquals("waiting", label.getText());
            loop.advanceBy(Duration.ofMinutes(1));
            assertEquals("an hour later, on JavaFX Application Thread", label.getText());
        }

        @Test
        void runUntilAutoAdvances(TestLoop loop) {
            boolean[] done = {false};
            loop.callLater(Duration.ofMinutes(10), () -> done[0] = true);
            fx.runUntil(() -> done[0], Duration.ofHours(1));
            assertEquals(Duration.ofMinutes(10).toNanos(), loop.currentTime(), "the clock jumped to the deadline that met it");
        }

        @Test
        void leaksAVirtualTimer(TestLoop loop) {
            loop.callLater(Duration.ofDays(1), () -> { });
        }

        @Test
        void anUnobservedFailureFailsTheTest(TestLoop loop) {
            LoopFuture<Object> f = loop.createFuture();
            f.completeExceptionally(new IllegalStateException("nobody looked"));
        }
    }

    private static Map<String, Optional<Throwable>> run(Class<?> c) {
        Map<String, Optional<Throwable>> r = SampleRuns.run(c);
        assertFalse(r.isEmpty(), "no sample test ran");
        return r;
    }

    @Test
    void theTestBodyRunsOnTheFxThreadAndTheLoopIsClosedAfter() {
        Map<String, Optional<Throwable>> r = run(Sample.class);
        assertEquals(Optional.empty(), r.get("runsOnTheFxThreadWithItsLoop"));
        assertTrue(seenLoop.isClosed(), "the loop was not closed after the test");
    }

    @Test
    void aTestThatLeavesATimerAndATaskFailsNamingThem() {
        Throwable e = run(Sample.class).get("leaksATimerAndATask").orElseThrow();
        assertInstanceOf(AssertionError.class, e);
        assertTrue(e.getMessage().contains("left 1 timer(s) and 1 future(s)/task(s) pending"), e.getMessage());
        assertTrue(e.getMessage().contains("the-forgotten-refresh"), e.getMessage());
        assertTrue(e.getMessage().contains("'the-stuck-upload'"), e.getMessage());
    }

    @Test
    void anExceptionHandlerReportFailsTheTest() {
        Throwable e = run(Sample.class).get("reportsAThrowingCallback").orElseThrow();
        assertTrue(e.getMessage().contains("exception handler of the test's loop was called 1 time(s)"), e.getMessage());
        assertEquals("boom in a callback", e.getCause().getMessage());
    }

    @Test
    void theTestsOwnFailureIsReportedAsIs() {
        Throwable e = run(Sample.class).get("failsItself").orElseThrow();
        assertInstanceOf(IllegalArgumentException.class, e);
        assertEquals(0, e.getSuppressed().length);
    }

    @Test
    void runUntilFailsWhenTheConditionDoesNotHoldInTime() {
        Throwable e = run(Sample.class).get("runUntilGivesUpNamingTheTimeout").orElseThrow();
        assertTrue(e.getMessage().contains("did not hold within PT0.03S"), e.getMessage());
    }

    @Test
    void allowLeaksLetsATestLeaveWorkBehind() {
        assertEquals(Optional.empty(), run(LenientSample.class).get("leaksASleep"));
    }

    @Test
    void virtualTimeRunsTheLoopsTimersOnTheFxThreadDrivenByTheTest() {
        Map<String, Optional<Throwable>> r = run(VirtualSample.class);
        assertEquals(Optional.empty(), r.get("runsTimersOnVirtualTimeOnTheFxThread"));
        assertEquals(Optional.empty(), r.get("runUntilAutoAdvances"));
        Throwable leak = r.get("leaksAVirtualTimer").orElseThrow();
        assertTrue(leak.getMessage().contains("timer at PT24H"), leak.getMessage());
        Throwable unobserved = r.get("anUnobservedFailureFailsTheTest").orElseThrow();
        assertTrue(unobserved.getMessage().contains("nobody observed it"), unobserved.getMessage());
    }
}
