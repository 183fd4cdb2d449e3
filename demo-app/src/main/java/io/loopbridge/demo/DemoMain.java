package io.loopbridge.demo;

import io.loopbridge.demo.fx.FxDemo;
import io.loopbridge.demo.swing.SwingDemo;

/**
 * The demo's entry point: {@code --toolkit=javafx} (the default) or {@code --toolkit=swing}; see
 * {@code --help}. A plain class with a {@code main}, not a {@code javafx.application.Application}:
 * {@code FxLoop.create()} starts the toolkit, so the same program can open either window, and it
 * launches from the class path as well as from the module path.
 *
 * <p><b>Threading.</b> {@code main} only builds the loop and hands the window to the UI thread; it
 * returns at once, and the JVM ends when the window is closed.
 */
public final class DemoMain {
    private DemoMain() {}

    public static void main(String[] args) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("LoopBridge demo: " + e.getMessage());
            System.err.println(DemoOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(DemoOptions.USAGE);
            return;
        }
        if (options.toolkit() == DemoOptions.Toolkit.SWING) SwingDemo.launch(options);
        else FxDemo.launch(options);
    }
}
