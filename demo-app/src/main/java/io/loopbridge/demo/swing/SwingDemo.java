package io.loopbridge.demo.swing;

import io.loopbridge.demo.DemoOptions;
import io.loopbridge.demo.Exit;
import io.loopbridge.demo.model.Demo;
import io.loopbridge.demo.model.Timings;
import io.loopbridge.swing.SwingLoop;

import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.AWTException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.swing.JFrame;
import javax.swing.UIManager;
import javax.swing.plaf.FontUIResource;

/**
 * Opens the Swing demo: {@link SwingLoop#create()}, then the window is built on the EDT. Closing the
 * window shuts the demo down; AWT then ends the EDT and the JVM ends by itself.
 *
 * <p><b>Threading.</b> {@link #launch} from any thread (the {@code main} thread); it returns once the
 * window is on its way.
 */
public final class SwingDemo {
    private SwingDemo() {}

    /** Opens the window described by {@code options}. Safe from any thread. */
    public static void launch(DemoOptions options) {
        // anti-aliased text even where no desktop says so (Xvfb); must be set before AWT starts
        System.setProperty("awt.useSystemAAFontSettings", System.getProperty("awt.useSystemAAFontSettings", "on"));
        System.setProperty("swing.aatext", "true");
        SwingLoop loop = SwingLoop.create();
        loop.execute(() -> {
            lookAndFeel();
            Demo demo;
            try {
                demo = Demo.open(loop, Timings.standard());
            } catch (RuntimeException e) {
                System.err.println("[LoopBridge demo] cannot start: " + e);
                loop.close();
                return;
            }
            SwingDemoWindow window = new SwingDemoWindow(loop, demo, () -> {
                demo.shutdown();
                Exit.closed("Swing");
                Exit.watchdog();
            });
            window.select(options.panel());
            JFrame frame = window.frame();
            frame.setVisible(true);
            if (options.autostart()) window.autostart(options.fail());
            if (options.screenshot() != null) {
                loop.callLater(options.screenshotDelay(), () -> {
                    save(frame, options.screenshot());
                    close(frame);
                });
            }
            if (options.closeAfter() != null) loop.callLater(options.closeAfter(), () -> close(frame));
        });
    }

    /** Nimbus, with a 14 px default font; the demo's own colours are set per component. */
    static void lookAndFeel() {
        try {
            UIManager.setLookAndFeel("javax.swing.plaf.nimbus.NimbusLookAndFeel");
            UIManager.getLookAndFeelDefaults().put("defaultFont", new FontUIResource("SansSerif", java.awt.Font.PLAIN, 14));
        } catch (ReflectiveOperationException | javax.swing.UnsupportedLookAndFeelException e) {
            // keep the default look and feel
        }
    }

    /** Closes {@code frame} as its close button does. EDT. */
    static void close(JFrame frame) {
        frame.dispatchEvent(new java.awt.event.WindowEvent(frame, java.awt.event.WindowEvent.WINDOW_CLOSING));
    }

    /** Saves what the screen shows of {@code frame} as a PNG (a screen capture: the real pixels). EDT. */
    static void save(JFrame frame, Path file) {
        try {
            Rectangle r = frame.getBounds();
            BufferedImage img = new Robot().createScreenCapture(r);
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            ImageIO.write(img, "png", file.toFile());
        } catch (AWTException e) {
            throw new IllegalStateException("cannot capture the screen", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the screenshot " + file, e);
        }
        System.out.println("[LoopBridge demo] screenshot saved: " + file);
    }
}
