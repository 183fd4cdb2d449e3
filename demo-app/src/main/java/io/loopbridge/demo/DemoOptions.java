package io.loopbridge.demo;

import io.loopbridge.demo.model.Panel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line of {@link DemoMain}. Each argument may hold several options separated by spaces
 * (Maven passes {@code -Ddemo.args="--toolkit=swing --tab=work"} as one argument). Immutable; safe from
 * any thread.
 *
 * @param toolkit         which window to open
 * @param panel           the panel shown first
 * @param autostart       press the panel's main button once the window is shown
 * @param fail            tick the panel's failure switch first (Fetch: HTTP 500; Parallel: one download fails)
 * @param screenshot      where to save a PNG of the window (null: none); the window then closes
 * @param screenshotDelay how long after showing (and autostarting) the screenshot is taken
 * @param closeAfter      close the window after this long, as its close button does (null: never)
 * @param help            print the usage and exit
 */
public record DemoOptions(Toolkit toolkit, Panel panel, boolean autostart, boolean fail, Path screenshot,
                          Duration screenshotDelay, Duration closeAfter, boolean help) {

    /** The two hosts of the same demo. */
    public enum Toolkit { JAVAFX, SWING }

    static final String USAGE = String.join("\n",
            "LoopBridge demo: every capability of the loop, on JavaFX or Swing.",
            "",
            "  --toolkit=javafx|swing   the window to open (default: javafx)",
            "  --tab=NAME               the panel shown first: countdown, fetch, work, parallel, modal, search, process, chat, loop",
            "  --autostart              press the panel's main button once the window is shown",
            "  --fail                   with --autostart: tick the panel's failure switch first (fetch, parallel, search, process)",
            "  --screenshot=FILE        save a PNG of the window, then close it (for docs/screenshots.sh)",
            "  --screenshot-delay=MS    how long after showing to take it (default: 1500)",
            "  --close-after=MS         close the window after MS milliseconds, as its close button does",
            "  --help                   this text",
            "",
            "With Maven: mvn -q -pl demo-app -am -DskipTests package exec:exec -Ddemo.args=\"--toolkit=swing\"");

    /**
     * Parses the arguments.
     *
     * @throws IllegalArgumentException for an unknown option or a bad value, with a message that says which
     */
    public static DemoOptions parse(String... args) {
        List<String> words = new ArrayList<>();
        for (String a : args) {
            for (String w : a.trim().split("\\s+")) if (!w.isEmpty()) words.add(w);
        }
        Toolkit toolkit = Toolkit.JAVAFX;
        Panel panel = Panel.COUNTDOWN;
        boolean autostart = false;
        boolean fail = false;
        boolean help = false;
        Path screenshot = null;
        Duration screenshotDelay = Duration.ofMillis(1500);
        Duration closeAfter = null;
        for (String w : words) {
            int eq = w.indexOf('=');
            String name = eq < 0 ? w : w.substring(0, eq);
            String value = eq < 0 ? null : w.substring(eq + 1);
            switch (name) {
                case "--toolkit":
                    String v = required(name, value).toLowerCase(Locale.ROOT);
                    if (v.equals("javafx") || v.equals("fx")) toolkit = Toolkit.JAVAFX;
                    else if (v.equals("swing")) toolkit = Toolkit.SWING;
                    else throw new IllegalArgumentException("--toolkit: '" + value + "' (expected: javafx or swing)");
                    break;
                case "--tab":
                    panel = Panel.byId(required(name, value));
                    break;
                case "--autostart":
                    autostart = true;
                    break;
                case "--fail":
                    fail = true;
                    break;
                case "--screenshot":
                    screenshot = Path.of(required(name, value)).toAbsolutePath();
                    break;
                case "--screenshot-delay":
                    screenshotDelay = millis(name, value);
                    break;
                case "--close-after":
                    closeAfter = millis(name, value);
                    break;
                case "--help":
                case "-h":
                    help = true;
                    break;
                default:
                    throw new IllegalArgumentException("unknown option '" + w + "' (see --help)");
            }
        }
        return new DemoOptions(toolkit, panel, autostart, fail, screenshot, screenshotDelay, closeAfter, help);
    }

    private static String required(String name, String value) {
        if (value == null || value.isEmpty()) throw new IllegalArgumentException(name + ": no value (expected: " + name + "=VALUE)");
        return value;
    }

    private static Duration millis(String name, String value) {
        try {
            long ms = Long.parseLong(required(name, value));
            if (ms < 0) throw new NumberFormatException();
            return Duration.ofMillis(ms);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' (expected: a number of milliseconds >= 0)");
        }
    }
}
