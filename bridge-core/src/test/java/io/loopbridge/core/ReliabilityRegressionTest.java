package io.loopbridge.core;

import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Regression tests for the bugs the reliability suite found (the model-based test
 * {@code io.loopbridge.core.model.GuestLoopModelTest}, the stress, fault and leak tests): each pins the
 * smallest case, named for the behaviour it restores. See {@code docs/reliability.md}.
 */
@Timeout(30)
class ReliabilityRegressionTest {
    private final RecordingHost host = RecordingHost.create();
    private final GuestLoop loop = host.loop();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void hostContractKept() {
        host.assertContractKept();
        loop.close();
    }

    private static void onOtherThread(Runnable r) throws InterruptedException {
        Thread t = new Thread(r, "other");
        t.start();
        t.join(); // happens-before what the test thread does next
    }

    // Found by the model test (shrunk to "P1: callSoon; LOOP: callSoon; runOnce"): a loop-thread
    // submission went straight to the ready list, ahead of cross-thread ones still in the inbox.

    @Test
    void aCrossThreadCallbackSubmittedFirstRunsBeforeALoopThreadOneSubmittedAfter() throws Exception {
        host.runOnce(); // the test thread is the loop thread
        onOtherThread(() -> loop.callSoon(() -> log.add("other thread")));
        loop.callSoon(() -> log.add("loop thread"));
        host.pump();
        assertEquals(List.of("other thread", "loop thread"), log);
    }

    @Test
    void callbacksScheduledInsideAPassQueueBehindCrossThreadOnesInTransit() throws Exception {
        loop.callSoon(() -> {
            try {
                onOtherThread(() -> loop.callSoon(() -> log.add("other thread")));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            loop.callSoon(() -> log.add("loop thread"));
        });
        host.pump();
        assertEquals(List.of("other thread", "loop thread"), log);
    }

    @Test
    void aContinuationDispatchedOnTheLoopThreadQueuesBehindCrossThreadCallbacks() throws Exception {
        host.runOnce();
        LoopFuture<String> f = loop.createFuture();
        f.thenAccept(v -> log.add("continuation"));
        host.pump();
        onOtherThread(() -> loop.callSoon(() -> log.add("other thread")));
        f.complete("x"); // on the loop thread: its continuation is dispatched now
        host.pump();
        assertEquals(List.of("other thread", "continuation"), log);
    }

    @Test
    void perProducerAndLoopThreadOrderHoldTogetherAcrossManyPasses() throws Exception {
        host.runOnce();
        List<String> expected = new ArrayList<>();
        for (int round = 0; round < 50; round++) {
            String a = "other " + round;
            String b = "loop " + round;
            onOtherThread(() -> loop.callSoon(() -> log.add(a)));
            loop.callSoon(() -> log.add(b));
            expected.add(a);
            expected.add(b);
            if (round % 7 == 0) host.runOnce();
        }
        host.pump();
        assertEquals(expected, log);
    }
}
