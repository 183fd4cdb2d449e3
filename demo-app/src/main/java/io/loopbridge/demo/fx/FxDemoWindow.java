package io.loopbridge.demo.fx;

import io.loopbridge.demo.model.Demo;
import io.loopbridge.demo.model.ErrorLog;
import io.loopbridge.demo.model.Panel;
import io.loopbridge.javafx.FxLoop;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import java.util.EnumMap;
import java.util.Map;

/**
 * The JavaFX window: a sidebar of panels, the selected panel under its heading and one-line
 * explanation, the clock, and the error area fed by the loop's exception handler.
 *
 * <p>Hiding the stage (its close button) cancels the panels' running tasks ({@code FxActions.cancelOnClose})
 * and then calls the {@code onClosed} action given to the constructor.
 *
 * <p><b>Threading.</b> FX Application Thread only (which is the loop thread).
 */
public final class FxDemoWindow {
    static final double WIDTH = 1060;
    static final double HEIGHT = 720;

    private final Map<Panel, FxPanel> panels = new EnumMap<>(Panel.class);
    private final Map<Panel, ToggleButton> navButtons = new EnumMap<>(Panel.class);
    private final Label title = FxUi.label("panel-title", "", "title");
    private final Label explanation = FxUi.label("panel-explanation", "", "explain");
    private final BorderPane content = new BorderPane();
    private Panel selected;

    /**
     * Builds the window on {@code stage} (not shown yet). {@code onClosed} runs once the stage is hidden.
     * FX Application Thread.
     */
    public FxDemoWindow(FxLoop loop, Demo demo, Stage stage, Runnable onClosed) {
        panels.put(Panel.COUNTDOWN, new FxCountdownPanel(loop, demo.countdown(), stage));
        panels.put(Panel.FETCH, new FxFetchPanel(loop, demo.fetch(), stage));
        panels.put(Panel.WORK, new FxWorkPanel(loop, demo.work(), demo.clock(), stage));
        panels.put(Panel.PARALLEL, new FxParallelPanel(loop, demo.parallel(), stage));
        panels.put(Panel.MODAL, new FxModalPanel(loop, demo.modal(), stage));
        panels.put(Panel.SEARCH, new FxSearchPanel(loop, demo.search(), stage));
        panels.put(Panel.PROCESS, new FxProcessPanel(loop, demo.process(), stage));
        panels.put(Panel.CHAT, new FxChatPanel(loop, demo.chat(), demo.chatServer(), stage));
        panels.put(Panel.LOOP, new FxLoopPanel(loop, demo.monitor(), stage));

        BorderPane root = new BorderPane();
        root.setLeft(sidebar(demo));
        explanation.setWrapText(true);
        Label clock = FxUi.label("clock", demo.clock().text(), "clock");
        demo.clock().onChange(() -> clock.setText(demo.clock().text()));
        HBox clockBox = new HBox(FxUi.label(null, "UI clock", "clock-caption"), clock);
        clockBox.getStyleClass().add("clock-box");
        clockBox.setMinWidth(Region.USE_PREF_SIZE);
        clockBox.setMaxHeight(Region.USE_PREF_SIZE);
        VBox titles = new VBox(4, title, explanation);
        HBox.setHgrow(titles, Priority.ALWAYS);
        HBox header = new HBox(20, titles, clockBox);
        header.setAlignment(javafx.geometry.Pos.TOP_LEFT);
        header.getStyleClass().add("header");
        header.setMinHeight(Region.USE_PREF_SIZE); // a tall panel scrolls; the explanation above it is never cut
        content.getStyleClass().add("panel");
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setStyle("-fx-background-color: transparent; -fx-background: #f1f5f9; -fx-padding: 0;");
        VBox center = new VBox(header, scroll, errors(demo.errors()));
        VBox.setVgrow(scroll, Priority.ALWAYS);
        root.setCenter(center);

        Scene scene = new Scene(root, WIDTH, HEIGHT);
        scene.getStylesheets().add(FxDemoWindow.class.getResource("demo.css").toExternalForm());
        stage.setScene(scene);
        stage.setTitle("LoopBridge demo (JavaFX)");
        stage.setMinWidth(820);
        stage.setMinHeight(560);
        stage.setOnHidden(e -> onClosed.run());
        select(Panel.COUNTDOWN);
    }

    private VBox sidebar(Demo demo) {
        VBox side = new VBox();
        side.getStyleClass().add("sidebar");
        side.getChildren().addAll(FxUi.label(null, "LoopBridge", "brand"), FxUi.label(null, "demo \u00b7 JavaFX \u00b7 FxLoop", "brand-sub"));
        ToggleGroup group = new ToggleGroup();
        for (Panel p : Panel.values()) {
            ToggleButton b = new ToggleButton(p.title());
            b.setId("nav-" + p.id());
            b.getStyleClass().add("nav");
            b.setToggleGroup(group);
            b.setOnAction(e -> select(p));
            navButtons.put(p, b);
            side.getChildren().add(b);
        }
        Region spacer = new Region();
        VBox.setVgrow(spacer, Priority.ALWAYS);
        Label server = FxUi.label("server-address", "HTTP server: " + demo.server().authority(), "sidebar-note");
        server.setWrapText(true);
        Label hint = FxUi.label(null, "Close the window to quit: running tasks are cancelled, then the server and the loop stop.", "sidebar-note");
        hint.setWrapText(true);
        VBox notes = new VBox(8, server, hint);
        side.getChildren().addAll(spacer, notes);
        return side;
    }

    private VBox errors(ErrorLog log) {
        Label heading = FxUi.label("errors-title", "", "errors-title");
        ListView<ErrorLog.Entry> list = new ListView<>();
        list.setId("errors");
        list.setCellFactory(l -> new ErrorCell());
        list.setPlaceholder(FxUi.label(null, "No errors yet. Failed tasks and throwing callbacks from any panel land here, "
                + "through loop.setExceptionHandler().", "muted"));
        Button clear = FxUi.button("errors-clear", "Clear");
        Runnable show = () -> {
            list.getItems().setAll(log.entries());
            if (!list.getItems().isEmpty()) list.scrollTo(list.getItems().size() - 1);
            heading.setText("Errors (" + list.getItems().size() + "), reported through the loop's exception handler");
            clear.setDisable(list.getItems().isEmpty());
        };
        log.onChange(show);
        show.run();
        clear.setOnAction(e -> log.clear());
        VBox box = new VBox(FxUi.row(heading, FxUi.grow(), clear), list);
        box.getStyleClass().add("errors");
        return box;
    }

    /**
     * One row of the error area: the whole entry, wrapped to the list's width (never cut off with an
     * ellipsis), and the same text as a tooltip. The list scrolls when the rows outgrow it.
     */
    static final class ErrorCell extends ListCell<ErrorLog.Entry> {
        private final Tooltip tooltip = new Tooltip();

        ErrorCell() {
            setWrapText(true);
            tooltip.setWrapText(true);
            tooltip.setMaxWidth(720);
            // a wrapping cell must be told its width: the list's, less its scroll bar and insets
            setPrefWidth(0);
            setMinWidth(0);
        }

        @Override
        protected void updateItem(ErrorLog.Entry entry, boolean empty) {
            super.updateItem(entry, empty);
            if (empty || entry == null) {
                setText(null);
                setTooltip(null);
            } else {
                setText(entry.toString());
                tooltip.setText(entry.toString());
                setTooltip(tooltip);
            }
        }
    }

    /** Shows panel {@code p}. FX Application Thread. */
    public void select(Panel p) {
        selected = p;
        navButtons.get(p).setSelected(true);
        title.setText(p.title());
        explanation.setText(p.explanation());
        content.setCenter(panels.get(p).view());
    }

    /**
     * Presses the selected panel's main button, after ticking its failure switch if {@code fail} (and it
     * has one). FX Application Thread.
     */
    public void autostart(boolean fail) {
        panels.get(selected).autostart(fail);
    }

    /** The panel on show. */
    public Panel selected() {
        return selected;
    }
}
