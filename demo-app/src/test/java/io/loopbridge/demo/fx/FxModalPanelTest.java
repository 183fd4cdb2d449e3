package io.loopbridge.demo.fx;

import io.loopbridge.demo.model.Panel;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Modal, clicked through: the dialog opens from the task, the counter keeps ticking behind it, the answer arrives. */
@Timeout(60)
class FxModalPanelTest extends FxDemoFixture {

    private static boolean dialogShowing() {
        return Window.getWindows().stream().anyMatch(w -> w.isShowing() && w.getScene() != null && w.getScene().getRoot() instanceof DialogPane);
    }

    @Test
    void theCounterTicksBehindTheOpenDialogAndTheAnswerReachesTheTask() throws Exception {
        open(Panel.MODAL);

        click("#modal-open");

        waitUntil(FxModalPanelTest::dialogShowing, () -> "the dialog is open");
        int ticksAtOpen = Integer.parseInt(text("#modal-ticks"));
        waitForText("#modal-ticks", s -> Integer.parseInt(s) >= ticksAtOpen + 3, "the counter ticks behind the dialog");
        assertTrue(onFx(FxModalPanelTest::dialogShowing), "the dialog is still open");

        Node yes = robot.lookup((Node n) -> n instanceof Button && "Yes".equals(((Button) n).getText())).query();
        robot.clickOn(yes);

        waitForText("#modal-status", s -> s.startsWith("You answered Yes after "), "the answer");
        assertTrue(text("#modal-status").contains("the counter ticked " + text("#modal-ticks") + " times"), text("#modal-status"));
        assertTrue(!onFx(FxModalPanelTest::dialogShowing), "the dialog is closed");
    }
}
