package io.loopbridge.test.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/testing.md quotes its three worked examples verbatim from the sources run by the tests beside this one. */
@Timeout(30)
class TestingGuideTest {

    static String tagged(Path file, String tag) throws IOException {
        List<String> body = new ArrayList<>();
        boolean in = false;
        for (String l : Files.readAllLines(file)) {
            if (l.contains("end::" + tag + "[]")) break;
            if (in) body.add(l);
            if (l.contains("tag::" + tag + "[]")) in = true;
        }
        if (body.isEmpty()) throw new AssertionError("no tag::" + tag + "[] region in " + file);
        int indent = Integer.MAX_VALUE;
        for (String l : body) if (!l.isBlank()) indent = Math.min(indent, l.length() - l.stripLeading().length());
        StringBuilder sb = new StringBuilder();
        for (String l : body) sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        return sb.toString();
    }

    @Test
    void theGuideQuotesEveryExampleVerbatim() throws IOException {
        Path here = Path.of("").toAbsolutePath();
        Path root = Files.exists(here.resolve("README.md")) ? here : here.getParent();
        String guide = Files.readString(root.resolve("docs/testing.md"));
        Path dir = root.resolve("bridge-test/src/test/java/io/loopbridge/test/docs");
        String[][] regions = {
            {"SearchViewModel.java", "model"}, {"SearchViewModelTest.java", "test"},
            {"RetryingClient.java", "service"}, {"RetryingClientTest.java", "test"},
            {"SavePane.java", "pane"}, {"SavePaneTest.java", "test"},
        };
        for (String[] r : regions) {
            String code = tagged(dir.resolve(r[0]), r[1]);
            assertTrue(guide.contains("```java\n" + code + "```"), "docs/testing.md does not quote " + r[0] + " [" + r[1] + "] verbatim:\n" + code);
        }
    }
}
