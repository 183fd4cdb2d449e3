package io.loopbridge.demo.fx;

import io.loopbridge.demo.model.Style;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** Small builders for the demo's look (styles in {@code demo.css}). FX Application Thread. */
final class FxUi {
    private FxUi() {}

    static Label label(String id, String text, String... styles) {
        Label l = new Label(text);
        if (id != null) l.setId(id);
        l.getStyleClass().addAll(styles);
        return l;
    }

    /** A wrapping status line. */
    static Label status(String id) {
        Label l = label(id, "", "status");
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }

    /** The line saying which {@link Style} the panel's logic runs in (and how to see the coroutine one). */
    static Label style(String id, Style style) {
        Label l = label(id, style.explanation(), "style-note", style == Style.COROUTINE ? "style-coroutine" : "style-chain");
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }

    /** A read-only, wrapping, monospaced text area of {@code rows} rows. */
    static TextArea output(String id, int rows) {
        TextArea t = new TextArea();
        t.setId(id);
        t.setEditable(false);
        t.setWrapText(true);
        t.setPrefRowCount(rows);
        t.getStyleClass().add("mono");
        return t;
    }

    static Button button(String id, String text, String... styles) {
        Button b = new Button(text);
        b.setId(id);
        b.getStyleClass().addAll(styles);
        return b;
    }

    /** A white rounded card holding {@code children} in a column. */
    static VBox card(Node... children) {
        VBox v = new VBox(children);
        v.getStyleClass().add("card");
        return v;
    }

    /** A row with 10 px gaps, centred vertically. */
    static HBox row(Node... children) {
        HBox h = new HBox(10, children);
        h.setAlignment(Pos.CENTER_LEFT);
        return h;
    }

    /** A region that takes the free width of a row. */
    static Region grow() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }
}
