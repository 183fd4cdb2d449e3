package io.loopbridge.swing.docs;

import io.loopbridge.swing.SwingActions;
import io.loopbridge.swing.SwingLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.awt.EventQueue;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.swing.JButton;
import javax.swing.JLabel;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's three-line Swing usage, compiled and run (headless: the button is clicked with doClick). */
@Timeout(30)
class ReadmeExampleTest {

    @Test
    void buttonAwaitsASleepAndThenUpdatesTheLabel() throws Exception {
        JButton button = new JButton("Go");
        JLabel label = new JLabel();
        CompletableFuture<String> shown = new CompletableFuture<>();

        // tag::swing-usage[]
        SwingLoop loop = SwingLoop.create();
        button.addActionListener(SwingActions.of(loop).handler(e ->
                loop.sleep(Duration.ofSeconds(1)).thenRun(() -> label.setText("Done"))));
        // end::swing-usage[]

        try {
            label.addPropertyChangeListener("text", ev -> shown.complete(label.getText()));
            EventQueue.invokeLater(() -> button.doClick(0));
            assertEquals("Done", shown.get(10, TimeUnit.SECONDS));
        } finally {
            loop.close();
        }
    }
}
