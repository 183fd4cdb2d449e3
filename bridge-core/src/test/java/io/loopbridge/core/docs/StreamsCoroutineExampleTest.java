package io.loopbridge.core.docs;

import io.loopbridge.core.StandaloneLoop;
import io.loopbridge.core.StreamConnection;
import io.loopbridge.core.StreamServer;
import io.loopbridge.core.Subprocess;
import io.loopbridge.core.testkit.CoroutineJdk;
import io.loopbridge.core.testkit.StreamChild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.loopbridge.core.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coroutine style of docs/streams.md (issue 15 item 4): asyncio's {@code line = await reader.readline()}
 * loops, as Java, on real sockets and a real process, and the guide quoting them verbatim.
 */
@Timeout(60)
class StreamsCoroutineExampleTest {
    private final StandaloneLoop loop = StandaloneLoop.create();
    private final List<String> shown = new ArrayList<>();

    // tag::echo-server[]
    void echo(StreamConnection c) {
        loop.launch(() -> {
            try {
                for (String line; (line = await(c.reader().readLine())) != null; ) {
                    c.writer().write((line.toUpperCase() + "\n").getBytes(StandardCharsets.UTF_8));
                    await(c.writer().drain());                        // backpressure: wait while the peer is slow
                }
            } finally {
                c.close();
            }
        });
    }
    // end::echo-server[]

    // tag::client[]
    List<String> ask(int port, List<String> questions) {
        StreamConnection c = await(loop.openConnection("127.0.0.1", port));
        try {
            List<String> answers = new ArrayList<>();
            for (String q : questions) {
                c.writer().write((q + "\n").getBytes(StandardCharsets.UTF_8));
                answers.add(await(c.reader().readLine()));
            }
            return answers;
        } finally {
            c.close();
        }
    }
    // end::client[]

    // tag::process[]
    int run(ProcessBuilder command) {
        Subprocess p = await(loop.subprocess(command));
        for (String line; (line = await(p.stdout().readLine())) != null; ) shown.add(line);   // line by line, live
        return await(p.exit());
    }
    // end::process[]

    @Test
    void aCoroutineServerAndClientTalkLineByLine() {
        CoroutineJdk.requireCoroutines();
        StreamServer server = loop.runUntilComplete(loop.startServer(this::echo, "127.0.0.1", 0));
        List<String> answers = loop.runUntilComplete(loop.launch(() -> ask(server.address().getPort(), List.of("hello", "loop"))));
        assertEquals(List.of("HELLO", "LOOP"), answers);
        server.close();
        loop.close();
    }

    @Test
    void aCoroutineReadsAProcessLineByLineAndItsExitCode() {
        CoroutineJdk.requireCoroutines();
        int code = loop.runUntilComplete(loop.launch(() -> run(StreamChild.builder("lines", "3"))));
        assertEquals(0, code);
        assertEquals(List.of("line 1", "line 2", "line 3"), shown);
        loop.close();
    }

    @Test
    void theGuideQuotesTheExamplesVerbatim() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        Path root = Files.exists(here.resolve("README.md")) ? here : here.getParent();
        String guide = Files.readString(root.resolve("docs/streams.md"));
        Path source = root.resolve("bridge-core/src/test/java/io/loopbridge/core/docs/StreamsCoroutineExampleTest.java");
        for (String tag : new String[] {"echo-server", "client", "process"}) {
            String code = ReadmeSnippetsTest.tagged(source, tag);
            assertTrue(guide.contains(code), "docs/streams.md does not quote [" + tag + "] verbatim:\n" + code);
        }
        loop.close();
    }
}
