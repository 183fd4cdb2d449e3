package io.loopbridge.demo.fx;

import io.loopbridge.demo.model.Panel;
import javafx.scene.control.CheckBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parallel, clicked through: five downloads finish together, or one fails and the others are cancelled. */
@Timeout(60)
class FxParallelPanelTest extends FxDemoFixture {

    private List<String> details() throws Exception {
        List<String> d = new ArrayList<>();
        for (int i = 0; i < 5; i++) d.add(text("#parallel-detail-" + i));
        return d;
    }

    @Test
    void theFailSwitchReadsAsTheExplanationQuotesIt() throws Exception {
        open(Panel.PARALLEL);
        String box = onFx(node("#parallel-fail", CheckBox.class)::getText);
        assertTrue(text("#panel-explanation").contains("\u201c" + box + "\u201d"), text("#panel-explanation"));
        assertTrue(text("#parallel-status").contains("\u201c" + box + "\u201d"), text("#parallel-status"));
    }

    @Test
    void startRunsEveryDownloadToTheEnd() throws Exception {
        open(Panel.PARALLEL);

        click("#parallel-start");

        waitForText("#parallel-status", s -> s.startsWith("All 5 downloads finished"), "all downloads done");
        for (String d : details()) assertTrue(d.startsWith("done, "), d);
    }

    @Test
    void aFailingDownloadCancelsItsSiblingsAndReachesTheErrorArea() throws Exception {
        open(Panel.PARALLEL);
        robot.interact(() -> node("#parallel-fail", CheckBox.class).setSelected(true));

        click("#parallel-start");

        waitForText("#parallel-status", s -> s.startsWith("video.mp4: the server dropped the connection at 40% (on purpose)."), "the failure");
        List<String> d = details();
        assertTrue(d.get(2).startsWith("FAILED at "), d.toString());
        assertTrue(d.stream().anyMatch(s -> s.startsWith("cancelled at ")), d.toString());
        waitForText("#errors-title", s -> s.startsWith("Errors (1)"), "the error is reported");
        assertEquals("Parallel downloads: IOException: video.mp4: the server dropped the connection at 40% (on purpose)",
                onFx(() -> demo.errors().entries().get(0).where() + ": " + demo.errors().entries().get(0).what()));
    }
}
