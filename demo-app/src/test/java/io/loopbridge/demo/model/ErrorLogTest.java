package io.loopbridge.demo.model;

import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.GuestLoop;
import io.loopbridge.core.Task;
import io.loopbridge.core.testkit.RecordingHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How the error area names what failed, and that it keeps a bounded history. */
@Timeout(30)
class ErrorLogTest {
    private final RecordingHost host = RecordingHost.create();
    private final GuestLoop loop = host.loop();
    private final ErrorLog log = new ErrorLog(loop);

    @Test
    void aNamedTaskIsShownByItsNameWithTheUnwrappedFailure() {
        Task<Void> task = loop.createTask(() -> Outcomes.<Void>completed(loop, null)).setName("Parallel downloads");
        log.report(new ErrorContext("Exception in the action task " + task,
                new CompletionException(new IOException("video.mp4: connection reset")), task));

        ErrorLog.Entry e = log.entries().get(0);
        assertEquals("Parallel downloads", e.where());
        assertEquals("IOException: video.mp4: connection reset", e.what());
        loop.close();
    }

    @Test
    void aReportWithoutAnExceptionShowsTheMessage() {
        log.report(new ErrorContext("something odd\nsecond line", null, null));
        assertEquals("loop: something odd", log.entries().get(0).where() + ": " + log.entries().get(0).what());
    }

    @Test
    void aLongMessageIsKeptWholeForTheViewsToWrap() {
        String longText = "x".repeat(400) + " end";
        log.report(new ErrorContext("a long one", new IllegalStateException(longText), null));
        log.report(new ErrorContext(longText + "\nsecond line", null, null));

        assertEquals("IllegalStateException: " + longText, log.entries().get(0).what());
        assertEquals(longText, log.entries().get(1).what(), "the first line, whole");
    }

    @Test
    void keepsTheNewestEntriesUpToItsCapacityAndClears() {
        for (int i = 0; i < ErrorLog.CAPACITY + 5; i++) log.report(new ErrorContext("m", new IllegalStateException("#" + i), null));

        assertEquals(ErrorLog.CAPACITY, log.entries().size());
        assertEquals("IllegalStateException: #5", log.entries().get(0).what());
        log.clear();
        assertEquals(0, log.entries().size());
    }
}
