package io.loopbridge.demo.fx;

import io.loopbridge.demo.model.SearchModel;
import io.loopbridge.javafx.FxActions;
import io.loopbridge.javafx.FxLoop;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.stage.Window;

import java.time.Duration;
import java.util.Locale;

/**
 * Search: a text field whose every change starts a {@link SearchModel#search} under
 * {@link FxActions#latestWins()} (a keystroke cancels the run before it), a spinner while a request is in
 * flight, the results, the figures that show the debounce and the cancels, and the server's delay and
 * failure switch. FX Application Thread.
 */
final class FxSearchPanel implements FxPanel {
    private final Node view;
    private final TextField query = new TextField();
    private final Button clear = FxUi.button("search-clear", "Clear");
    private final CheckBox fails = new CheckBox("The server answers HTTP 500 (an error for the error area)");

    FxSearchPanel(FxLoop loop, SearchModel model, Window window) {
        query.setId("search-query");
        query.setPromptText("a country: try \u201cland\u201d");
        query.setPrefColumnCount(28);
        fails.setId("search-fail");
        Slider delay = new Slider(0, 2, 0.6);
        delay.setId("search-delay");
        delay.setMajorTickUnit(0.5);
        delay.setShowTickMarks(true);
        delay.setPrefWidth(220);
        Label delayValue = FxUi.label("search-delay-value", "", "mono");
        delayValue.textProperty().bind(delay.valueProperty().asString(Locale.ROOT, "%.1f s"));
        delayValue.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ProgressIndicator spinner = new ProgressIndicator(ProgressIndicator.INDETERMINATE_PROGRESS);
        spinner.setId("search-spinner");
        spinner.setPrefSize(22, 22);
        spinner.setVisible(false);
        ListView<String> results = new ListView<>();
        results.setId("search-results");
        results.setPrefHeight(170);
        results.setPlaceholder(FxUi.label(null, "No results.", "muted"));
        Label status = FxUi.status("search-status");
        Label figures = FxUi.label("search-figures", "", "muted");

        // latest wins: each keystroke's run cancels the one before (its debounce, or its request in flight)
        FxActions search = FxActions.of(loop).latestWins().cancelOnClose(window);
        query.textProperty().addListener((o, was, now) -> search.start(() ->
                model.search(now, Duration.ofMillis(Math.round(delay.getValue() * 1000)), fails.isSelected())));
        clear.setOnAction(e -> query.clear());

        Runnable show = () -> {
            spinner.setVisible(model.searching());
            if (!results.getItems().equals(model.results())) results.getItems().setAll(model.results());
            status.setText(model.status());
            figures.setText(model.figures() + " (debounce " + model.debounce().toMillis() + " ms)");
        };
        model.onChange(show);
        show.run();

        view = FxUi.card(
                FxUi.row(FxUi.label(null, "Search", "field-label"), query, spinner, clear),
                FxUi.row(FxUi.label(null, "Server delay", "field-label"), delay, delayValue), fails,
                status, results, figures, FxUi.style("search-style", model.style()));
    }

    /** Types "land" a letter at a time, as a person would: four keystrokes, one request. */
    @Override
    public void autostart(boolean fail) {
        fails.setSelected(fail);
        for (String s : new String[] {"l", "la", "lan", "land"}) query.setText(s);
    }

    @Override
    public Node view() {
        return view;
    }

    @Override
    public Button primaryButton() {
        return clear;
    }

    @Override
    public CheckBox failSwitch() {
        return fails;
    }
}
