package io.loopbridge.core.docs;

import io.loopbridge.core.StandaloneLoop;
import io.loopbridge.core.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's example, compiled and run as a test: what is between the {@code tag::readme} markers is
 * pasted into the README verbatim. It reads {@code pom.xml} from the working directory (the module's
 * directory under Maven, the repository root for a reader).
 */
@Timeout(30)
class ReadmeExampleTest {

    static void readmeExample() {
        // tag::readme[]
        try (StandaloneLoop loop = StandaloneLoop.create()) {
            // A task waits without blocking the loop, then runs blocking I/O on a worker thread;
            // the result comes back on the loop thread.
            Task<String> read = loop.createTask(() -> loop.sleep(Duration.ofMillis(10))
                    .thenCompose(v -> loop.runInExecutor(() -> Files.readString(Path.of("pom.xml"))))
                    .thenApply(text -> "pom.xml: " + text.length() + " chars"));

            // A task that would take an hour, cancelled after 20 ms: its sleep is cancelled with it.
            Task<String> slow = loop.createTask(() -> loop.sleep(Duration.ofHours(1)).thenApply(v -> "done"));
            loop.callLater(Duration.ofMillis(20), () -> slow.cancel(true));

            // Run the loop until both are done; results in order, like asyncio.gather.
            List<String> results = loop.runUntilComplete(loop.gather(List.of(
                    read, slow.handle((v, e) -> slow.isCancelled() ? "slow: cancelled" : v))));
            System.out.println(results);   // [pom.xml: 1234 chars, slow: cancelled]
        }
        // end::readme[]
    }

    @Test
    void readmeExampleRunsAndPrintsBothResults() throws IOException {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            readmeExample();
        } finally {
            System.setOut(original);
        }
        int length = Files.readString(Path.of("pom.xml")).length();
        assertEquals("[pom.xml: " + length + " chars, slow: cancelled]", printed.toString(StandardCharsets.UTF_8).strip());
    }
}
