package io.loopbridge.demo.swing;

import io.loopbridge.demo.model.SearchModel;
import io.loopbridge.swing.SwingActions;
import io.loopbridge.swing.SwingLoop;

import java.awt.Dimension;
import java.time.Duration;
import java.util.List;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JProgressBar;
import javax.swing.JScrollPane;
import javax.swing.JSlider;
import javax.swing.JTextField;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;

/**
 * Search: a text field whose every change starts a {@link SearchModel#search} under
 * {@link SwingActions#latestWins()} (a keystroke cancels the run before it), a spinner (an indeterminate
 * bar) while a request is in flight, the results, the figures, and the server's delay and failure switch.
 * EDT only.
 */
final class SwingSearchPanel implements SwingPanel {
    final JTextField query = new JTextField(28);
    final JButton clear = SwingUi.button("Clear", false);
    final JCheckBox fails = new JCheckBox("The server answers HTTP 500 (an error for the error area)");
    final JSlider delay = new JSlider(0, 20, 6);
    final JProgressBar spinner = new JProgressBar();
    final DefaultListModel<String> results = new DefaultListModel<>();
    final WrapText status = SwingUi.wrapping(SwingUi.TEXT_SOFT);
    final JLabel figures = SwingUi.muted(" ");
    private final SwingActions search;
    private final JComponent view;

    SwingSearchPanel(SwingLoop loop, SearchModel model) {
        fails.setOpaque(false);
        delay.setOpaque(false);
        delay.setPreferredSize(new Dimension(200, delay.getPreferredSize().height));
        JLabel delayValue = SwingUi.label("", SwingUi.mono(13), SwingUi.TEXT_SOFT);
        Runnable showDelay = () -> delayValue.setText(String.format(java.util.Locale.ROOT, "%.1f s", delay.getValue() / 10.0));
        delay.addChangeListener(e -> showDelay.run());
        showDelay.run();
        spinner.setIndeterminate(true);
        spinner.setPreferredSize(new Dimension(60, 14));
        spinner.setVisible(false);
        JList<String> list = new JList<>(results);
        list.setFont(SwingUi.font(java.awt.Font.PLAIN, 14));
        JScrollPane scroll = new JScrollPane(list);
        scroll.setPreferredSize(new Dimension(600, 170));

        // latest wins: each keystroke's run cancels the one before (its debounce, or its request in flight)
        search = SwingActions.of(loop).latestWins();
        query.getDocument().addDocumentListener(new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                changed();
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                changed();
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
                // attributes only
            }

            private void changed() {
                String text = query.getText();
                search.start(() -> model.search(text, Duration.ofMillis(delay.getValue() * 100L), fails.isSelected()));
            }
        });
        clear.addActionListener(e -> query.setText(""));

        Runnable show = () -> {
            spinner.setVisible(model.searching());
            List<String> now = model.results();
            if (!now.equals(java.util.Collections.list(results.elements()))) {
                results.clear();
                for (String r : now) results.addElement(r);
            }
            status.setText(model.status());
            figures.setText(model.figures() + " (debounce " + model.debounce().toMillis() + " ms)");
        };
        model.onChange(show);
        show.run();

        view = SwingUi.card(SwingUi.row(SwingUi.muted("Search"), query, spinner, clear),
                SwingUi.row(SwingUi.muted("Server delay"), delay, delayValue), fails,
                status, scroll, figures, SwingUi.style(model.style()));
    }

    /** Types "land" a letter at a time, as a person would: four keystrokes, one request. */
    @Override
    public void autostart(boolean fail) {
        fails.setSelected(fail);
        query.setText("");
        try {
            for (char c : "land".toCharArray()) query.getDocument().insertString(query.getDocument().getLength(), String.valueOf(c), null);
        } catch (javax.swing.text.BadLocationException e) {
            throw new IllegalStateException("inserting at the end of the field", e); // cannot happen: the end is a valid offset
        }
    }

    @Override
    public JComponent view() {
        return view;
    }

    @Override
    public JButton primaryButton() {
        return clear;
    }

    @Override
    public JCheckBox failSwitch() {
        return fails;
    }

    @Override
    public List<SwingActions> actions() {
        return List.of(search);
    }
}
