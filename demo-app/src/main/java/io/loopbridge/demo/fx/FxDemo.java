package io.loopbridge.demo.fx;

import io.loopbridge.demo.DemoOptions;
import io.loopbridge.demo.Exit;
import io.loopbridge.demo.model.Demo;
import io.loopbridge.demo.model.Timings;
import io.loopbridge.javafx.FxLoop;
import javafx.application.Platform;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.robot.Robot;
import javafx.stage.Stage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the JavaFX demo: {@link FxLoop#create()} starts the toolkit, then the window is built on the FX
 * Application Thread. Closing the window shuts the demo down and exits the toolkit; the JVM then ends
 * by itself.
 *
 * <p><b>Threading.</b> {@link #launch} from any thread (the {@code main} thread); it returns once the
 * window is on its way.
 */
public final class FxDemo {
    private FxDemo() {}

    /** Opens the window described by {@code options}. Safe from any thread. */
    public static void launch(DemoOptions options) {
        FxLoop loop = FxLoop.create();
        Platform.setImplicitExit(false); // the window's close handler shuts down, then exits the toolkit
        loop.execute(() -> {
            Demo demo;
            try {
                demo = Demo.open(loop, Timings.standard());
            } catch (RuntimeException e) {
                System.err.println("[LoopBridge demo] cannot start: " + e);
                loop.close();
                Platform.exit();
                return;
            }
            Stage stage = new Stage();
            FxDemoWindow window = new FxDemoWindow(loop, demo, stage, () -> {
                demo.shutdown();
                // not Platform.exit() at once: the stage is still inside its hide(), which must finish first
                Platform.runLater(Platform::exit);
                Exit.closed("JavaFX");
                Exit.watchdog();
            });
            window.select(options.panel());
            stage.show();
            if (options.autostart()) window.autostart(options.fail());
            if (options.screenshot() != null) {
                loop.callLater(options.screenshotDelay(), () -> {
                    save(stage, options.screenshot());
                    stage.close();
                });
            }
            if (options.closeAfter() != null) loop.callLater(options.closeAfter(), stage::close);
        });
    }

    /** Saves what the screen shows of {@code stage} as a PNG (a screen capture: the real pixels). FX thread. */
    static void save(Stage stage, Path file) {
        WritableImage shot = new Robot().getScreenCapture(null, stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), false);
        int w = (int) shot.getWidth();
        int h = (int) shot.getHeight();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        PixelReader px = shot.getPixelReader();
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, px.getArgb(x, y));
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            ImageIO.write(img, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the screenshot " + file, e);
        }
        System.out.println("[LoopBridge demo] screenshot saved: " + file);
    }
}
