package io.loopbridge.demo.swing;

import io.loopbridge.core.LoopFuture;
import io.loopbridge.demo.model.Demo;
import io.loopbridge.demo.model.ModalModel;
import io.loopbridge.demo.model.Timings;
import io.loopbridge.swing.SwingLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static io.loopbridge.demo.swing.Edt.call;
import static io.loopbridge.demo.swing.Edt.run;
import static io.loopbridge.demo.swing.Edt.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Swing panels without a window (headless: components need no display, only windows do), on a real
 * {@link SwingLoop} on the EDT: buttons are pressed with {@code doClick} and the labels read back.
 */
@Timeout(60)
class SwingPanelsTest {
    private SwingLoop loop;
    private Demo demo;

    @BeforeEach
    void open() throws Exception {
        loop = SwingLoop.create();
        demo = call(() -> Demo.open(loop, Timings.fast()));
    }

    @AfterEach
    void close() {
        demo.shutdown();
    }

    @Test
    void countdownCountsToZeroAndCancelStopsIt() throws Exception {
        SwingCountdownPanel p = call(() -> new SwingCountdownPanel(loop, demo.countdown()));
        run(() -> {
            p.from.setValue(3);
            p.start.doClick(0);
        });
        assertFalse(call(p.start::isEnabled), "Start is disabled while counting");
        assertTrue(call(p.cancel::isEnabled), "Cancel is enabled while counting");
        waitUntil(() -> p.status.getText().startsWith("Lift-off"), () -> "lift-off: " + p.status.getText());
        assertEquals("0", call(p.value::getText));
        waitUntil(() -> p.start.isEnabled() && !p.cancel.isEnabled(), () -> "Start enabled, Cancel disabled");

        run(() -> {
            p.from.setValue(60);
            p.start.doClick(0);
        });
        waitUntil(() -> Integer.parseInt(p.value.getText()) <= 58, () -> "under way: " + p.value.getText());
        run(() -> p.cancel.doClick(0));
        waitUntil(() -> p.status.getText().startsWith("Cancelled at "), () -> "cancelled: " + p.status.getText());
        String at = call(p.value::getText);
        Thread.sleep(300);
        assertEquals(at, call(p.value::getText), "nothing ticks after Cancel");
    }

    @Test
    void fetchShowsTheBodyThenTimesOutCleanly() throws Exception {
        SwingFetchPanel p = call(() -> new SwingFetchPanel(loop, demo.fetch()));
        run(() -> {
            p.delay.setValue(0);
            p.timeout.setValue(60);
            p.fetch.doClick(0);
        });
        waitUntil(() -> p.status.getText().startsWith("200 OK"), () -> "the body: " + p.status.getText());
        String body = call(p.body::getText);
        assertTrue(body.startsWith("Hello from the demo server"), body);

        run(() -> {
            p.delay.setValue(60);
            p.timeout.setValue(5);
            p.fetch.doClick(0);
        });
        waitUntil(() -> p.status.getText().startsWith("Timed out"), () -> "the timeout: " + p.status.getText());
        assertEquals("Timed out after 500 ms: waitFor cancelled the request, cleanly.", call(p.status::getText));
        assertEquals(0, (int) call(() -> demo.errors().entries().size()));
    }

    @Test
    void workFillsTheBarAndCancelInterruptsTheWorker() throws Exception {
        SwingWorkPanel p = call(() -> new SwingWorkPanel(loop, demo.work(), demo.clock()));
        assertEquals(java.util.List.of(false, 0), call(() -> java.util.List.of(p.bar.isIndeterminate(), p.bar.getValue())),
                "an idle bar is empty, not animating");
        run(() -> {
            p.size.setValue(5);
            p.start.doClick(0);
        });
        waitUntil(() -> p.status.getText().startsWith("348,513 primes below 5,000,000"), () -> "the result: " + p.status.getText());
        waitUntil(() -> p.bar.getValue() == p.bar.getMaximum(), () -> "a full bar: " + p.bar.getValue());

        run(() -> {
            p.size.setValue(50);
            p.start.doClick(0);
        });
        waitUntil(() -> demo.work().workersRunning() == 1, () -> "the worker runs");
        String clock = call(p.clockLabel::getText);
        waitUntil(() -> !p.clockLabel.getText().equals(clock), () -> "the clock ticks during the work");
        run(() -> p.cancel.doClick(0));
        waitUntil(() -> p.status.getText().startsWith("Cancelled at "), () -> "cancelled: " + p.status.getText());
        waitUntil(() -> p.workers.getText().equals("Worker threads busy: 0"), () -> "stopped: " + p.workers.getText());
    }

    @Test
    void parallelFailureCancelsTheOthersAndReachesTheErrorLog() throws Exception {
        SwingParallelPanel p = call(() -> new SwingParallelPanel(loop, demo.parallel()));
        run(() -> {
            p.fail.setSelected(true);
            p.start.doClick(0);
        });
        waitUntil(() -> p.status.getText().startsWith("video.mp4: the server dropped the connection"), () -> "the failure: " + p.status.getText());
        String failed = call(p.details[2]::getText);
        assertTrue(failed.startsWith("FAILED at "), failed);
        waitUntil(() -> demo.errors().entries().size() == 1, () -> "reported: " + demo.errors().entries());
        assertEquals("Parallel downloads", call(() -> demo.errors().entries().get(0).where()));
    }

    @Test
    void parallelFailSwitchReadsAsTheExplanationQuotesIt() throws Exception {
        SwingParallelPanel p = call(() -> new SwingParallelPanel(loop, demo.parallel()));
        String box = call(p.fail::getText);
        assertTrue(io.loopbridge.demo.model.Panel.PARALLEL.explanation().contains("\u201c" + box + "\u201d"));
        String status = call(p.status::getText);
        assertTrue(status.contains("\u201c" + box + "\u201d"), status);
    }

    @Test
    void searchAsYouTypeShowsTheLastTextsMatchesAndAKeystrokeCancelsARequestInFlight() throws Exception {
        SwingSearchPanel p = call(() -> new SwingSearchPanel(loop, demo.search()));
        run(() -> {
            p.delay.setValue(0);
            for (String t : new String[] {"l", "la", "lan", "land"}) p.query.setText(t); // each setText: a remove and an insert
        });
        String expected = io.loopbridge.demo.model.DemoServer.matches("land").size() + " matches for \u201cland\u201d";
        waitUntil(() -> p.status.getText().startsWith(expected), () -> "the results: " + p.status.getText());
        assertEquals(io.loopbridge.demo.model.DemoServer.matches("land"), call(() -> java.util.Collections.list(p.results.elements())));
        assertEquals(1, (int) call(demo.search()::requestsSent), "one request for the whole burst");

        run(() -> {
            p.delay.setValue(20);
            p.query.setText("fin");
        });
        waitUntil(p.spinner::isVisible, () -> "the spinner turns");
        run(() -> {
            p.delay.setValue(0);
            p.query.setText("finl");
        });
        waitUntil(() -> p.status.getText().startsWith("1 match for \u201cfinl\u201d"), () -> "the newer search: " + p.status.getText());
        assertEquals(1, (int) call(demo.search()::cancelledInFlight));
        assertFalse(call(p.spinner::isVisible));
        assertEquals(0, (int) call(() -> demo.errors().entries().size()));
    }

    @Test
    void processShowsItsOutputAndExitCodeAndCancelKillsIt() throws Exception {
        SwingProcessPanel p = call(() -> new SwingProcessPanel(loop, demo.process()));
        run(() -> p.run.doClick(0));
        waitUntil(() -> p.status.getText().startsWith("Exited with code 0"), () -> "the exit: " + p.status.getText());
        String out = call(p.output::getText);
        assertTrue(out.endsWith("step 20 of 20 (100%)\ndone"), out);

        run(() -> p.run.doClick(0));
        waitUntil(() -> p.output.getText().contains("step 2 of 20"), () -> "under way: " + p.output.getText());
        assertFalse(call(p.run::isEnabled), "Run is disabled while the process runs");
        long pid = call(demo.process()::pid);
        run(() -> p.cancel.doClick(0));
        waitUntil(() -> p.status.getText().endsWith("was terminated and has ended."), () -> "ended: " + p.status.getText());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " is gone");
        assertEquals(0, (int) call(() -> demo.errors().entries().size()));
    }

    @Test
    void chatSendsALineAndShowsTheAnswer() throws Exception {
        SwingChatPanel p = call(() -> new SwingChatPanel(loop, demo.chat(), demo.chatServer()));
        run(() -> {
            p.input.setText("hello");
            p.send.doClick(0);
        });
        String answer = io.loopbridge.demo.model.ChatServer.answer("hello", 1);
        waitUntil(() -> p.transcript.getText().contains(answer), () -> "the answer: " + p.transcript.getText());
        String transcript = call(p.transcript::getText);
        assertTrue(transcript.contains("you:    hello"), transcript);
        assertEquals("", call(p.input::getText));
        waitUntil(() -> p.send.isEnabled() && p.disconnect.isEnabled(), () -> "Send and Disconnect enabled");
        run(() -> p.disconnect.doClick(0));
        waitUntil(() -> p.status.getText().startsWith("Disconnected."), () -> "disconnected: " + p.status.getText());
    }

    @Test
    void modalCounterTicksUntilTheDialogIsAnswered() throws Exception {
        ModalModel.Dialogs standIn = (title, question) -> { // no window headless: a dialog answered after 200 ms
            LoopFuture<Boolean> answer = loop.createFuture();
            loop.callLater(Duration.ofMillis(200), () -> answer.complete(false));
            return answer;
        };
        SwingModalPanel p = call(() -> new SwingModalPanel(loop, demo.modal(), standIn));
        run(() -> p.open.doClick(0));
        assertFalse(call(p.open::isEnabled));
        waitUntil(() -> p.status.getText().startsWith("You answered No"), () -> "the answer: " + p.status.getText());
        String ticks = call(p.ticks::getText);
        assertTrue(Integer.parseInt(ticks) >= 3, ticks);
        waitUntil(p.open::isEnabled, () -> "Open enabled again");
    }

    @Test
    void loopFloodRunsEveryCallbackAndAThrowingCallbackIsReported() throws Exception {
        SwingLoopPanel p = call(() -> new SwingLoopPanel(loop, demo.monitor()));
        run(() -> p.flood.doClick(0));
        waitUntil(() -> p.floodStatus.getText().startsWith("100,000 callbacks from 4 threads ran in"), () -> "flood: " + p.floodStatus.getText());
        assertEquals(100_000, (int) call(p.floodBar::getValue));

        run(() -> p.raise.doClick(0));
        waitUntil(() -> demo.errors().entries().size() == 1, () -> "reported: " + demo.errors().entries());
        assertEquals("a loop callback", call(() -> demo.errors().entries().get(0).where()));
    }
}
