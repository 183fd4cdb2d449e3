package io.loopbridge.core.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's code samples are copies of compiled, tested sources (between {@code tag::name[]} and
 * {@code end::name[]} markers): this fails when a source changes and the README does not, or the other
 * way round.
 */
@Timeout(10)
class ReadmeSnippetsTest {
    /** Paths relative to the repository root: each holds one tagged snippet that the README shows. */
    private static final String[][] SNIPPETS = {
        {"bridge-core/src/test/java/io/loopbridge/core/docs/ReadmeExampleTest.java", "readme"},
        {"bridge-core/src/test/java/io/loopbridge/core/docs/ToolboxReadmeExampleTest.java", "toolbox"},
        {"bridge-javafx/src/test/java/io/loopbridge/javafx/docs/ReadmeExampleTest.java", "fx-usage"},
        {"bridge-swing/src/test/java/io/loopbridge/swing/docs/ReadmeExampleTest.java", "swing-usage"},
    };

    /** Maven runs tests in the module directory; the repository root is its parent. */
    private static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("README.md")) ? here : here.getParent();
    }

    @Test
    void everyReadmeSnippetIsVerbatimTheTaggedSource() throws IOException {
        String readme = Files.readString(root().resolve("README.md"));
        for (String[] s : SNIPPETS) {
            String snippet = tagged(root().resolve(s[0]), s[1]);
            assertTrue(readme.contains(snippet), "README.md does not show " + s[0] + " [" + s[1] + "] as it is:\n" + snippet);
        }
    }

    @Test
    void taggedRegionsAreFoundAndDeindented() {
        List<String> lines = List.of("  x", "    // tag::t[]", "    a();", "      b();", "    // end::t[]");
        assertEquals("a();\n  b();\n", region(lines, "t"));
    }

    static String tagged(Path file, String tag) throws IOException {
        return region(Files.readAllLines(file), tag);
    }

    static String region(List<String> lines, String tag) {
        List<String> body = new ArrayList<>();
        boolean in = false;
        for (String l : lines) {
            if (l.contains("end::" + tag + "[]")) break;
            if (in) body.add(l);
            if (l.contains("tag::" + tag + "[]")) in = true;
        }
        if (body.isEmpty()) throw new AssertionError("no tag::" + tag + "[] region");
        int indent = Integer.MAX_VALUE;
        for (String l : body) if (!l.isBlank()) indent = Math.min(indent, l.length() - l.stripLeading().length());
        StringBuilder sb = new StringBuilder();
        for (String l : body) sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        return sb.toString();
    }
}
