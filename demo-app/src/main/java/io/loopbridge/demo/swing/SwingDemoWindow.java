package io.loopbridge.demo.swing;

import io.loopbridge.demo.model.Demo;
import io.loopbridge.demo.model.ErrorLog;
import io.loopbridge.demo.model.Panel;
import io.loopbridge.swing.SwingActions;
import io.loopbridge.swing.SwingLoop;

import java.awt.BorderLayout;
import java.awt.CardLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.DefaultListCellRenderer;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.ScrollPaneConstants;
import javax.swing.ListSelectionModel;
import javax.swing.WindowConstants;

/**
 * The Swing window: a sidebar of panels, the selected panel under its heading and one-line explanation,
 * the clock, and the error area fed by the loop's exception handler.
 *
 * <p>Closing the frame (its close button) disposes it; the panels' running tasks are cancelled
 * ({@code SwingActions.cancelOnClose}) and then the {@code onClosed} action given to the constructor runs.
 *
 * <p><b>Threading.</b> EDT only (which is the loop thread).
 */
public final class SwingDemoWindow {
    private final JFrame frame = new JFrame("LoopBridge demo (Swing)");
    private final Map<Panel, SwingPanel> panels = new EnumMap<>(Panel.class);
    private final JList<Panel> nav = new JList<>(Panel.values());
    private final JLabel title = SwingUi.label("", SwingUi.font(Font.BOLD, 26), SwingUi.TEXT);
    private final WrapText explanation = SwingUi.wrapping(new Color(0x475569));
    private final CardLayout cards = new CardLayout();
    private final JPanel content = new JPanel(cards);
    final JLabel clock = SwingUi.label("", SwingUi.mono(16), SwingUi.TEXT);
    /** The error area's rows, one entry per line, wrapped. */
    final JTextArea errorText = new JTextArea();

    /** Builds the frame (not shown yet); {@code onClosed} runs once it is closed. EDT. */
    public SwingDemoWindow(SwingLoop loop, Demo demo, Runnable onClosed) {
        panels.put(Panel.COUNTDOWN, new SwingCountdownPanel(loop, demo.countdown()));
        panels.put(Panel.FETCH, new SwingFetchPanel(loop, demo.fetch()));
        panels.put(Panel.WORK, new SwingWorkPanel(loop, demo.work(), demo.clock()));
        panels.put(Panel.PARALLEL, new SwingParallelPanel(loop, demo.parallel()));
        panels.put(Panel.MODAL, new SwingModalPanel(loop, demo.modal(),
                (title, question) -> SwingModalPanel.confirm(loop, frame, title, question)));
        panels.put(Panel.SEARCH, new SwingSearchPanel(loop, demo.search()));
        panels.put(Panel.PROCESS, new SwingProcessPanel(loop, demo.process()));
        panels.put(Panel.CHAT, new SwingChatPanel(loop, demo.chat(), demo.chatServer()));
        panels.put(Panel.LOOP, new SwingLoopPanel(loop, demo.monitor()));
        content.setOpaque(false);
        for (Map.Entry<Panel, SwingPanel> e : panels.entrySet()) {
            content.add(SwingUi.top(e.getValue().view()), e.getKey().id());
            for (SwingActions a : e.getValue().actions()) a.cancelOnClose(frame);
        }

        JPanel header = new JPanel(new BorderLayout(20, 0));
        header.setOpaque(false);
        header.setBorder(BorderFactory.createEmptyBorder(22, 28, 10, 28));
        JPanel titles = new JPanel();
        titles.setOpaque(false);
        titles.setLayout(new BoxLayout(titles, BoxLayout.Y_AXIS));
        title.setAlignmentX(Component.LEFT_ALIGNMENT);
        titles.add(title);
        titles.add(Box.createVerticalStrut(4));
        titles.add(explanation);
        header.add(titles, BorderLayout.CENTER);
        JPanel clockBox = new JPanel();
        clockBox.setBackground(Color.WHITE);
        clockBox.setBorder(BorderFactory.createCompoundBorder(BorderFactory.createLineBorder(SwingUi.BORDER, 1, true),
                BorderFactory.createEmptyBorder(4, 10, 4, 10)));
        clockBox.add(SwingUi.muted("UI clock"));
        clockBox.add(clock);
        header.add(SwingUi.top(clockBox), BorderLayout.EAST);
        demo.clock().onChange(() -> clock.setText(demo.clock().text()));
        clock.setText(demo.clock().text());

        JPanel body = new JPanel(new BorderLayout());
        body.setOpaque(false);
        body.setBorder(BorderFactory.createEmptyBorder(0, 28, 0, 28));
        body.add(content, BorderLayout.CENTER);

        JPanel center = new JPanel(new BorderLayout());
        center.setBackground(SwingUi.BACKGROUND);
        center.add(header, BorderLayout.NORTH);
        center.add(body, BorderLayout.CENTER);
        center.add(errorArea(demo.errors()), BorderLayout.SOUTH);

        frame.getContentPane().setLayout(new BorderLayout());
        frame.getContentPane().add(sidebar(demo), BorderLayout.WEST);
        frame.getContentPane().add(center, BorderLayout.CENTER);
        frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosed(WindowEvent e) {
                onClosed.run();
            }
        });
        frame.setSize(1060, 720);
        frame.setMinimumSize(new Dimension(820, 560));
        frame.setLocationRelativeTo(null); // centred on the screen (once sized: it centres the current size)
        select(Panel.COUNTDOWN);
    }

    private JComponent sidebar(Demo demo) {
        JPanel side = new JPanel(new BorderLayout());
        side.setBackground(SwingUi.SIDEBAR);
        side.setPreferredSize(new Dimension(210, 0));
        JPanel brand = new JPanel();
        brand.setOpaque(false);
        brand.setLayout(new BoxLayout(brand, BoxLayout.Y_AXIS));
        brand.setBorder(BorderFactory.createEmptyBorder(22, 22, 18, 10));
        brand.add(SwingUi.label("LoopBridge", SwingUi.font(Font.BOLD, 20), Color.WHITE));
        brand.add(SwingUi.label("demo \u00b7 Swing \u00b7 SwingLoop", SwingUi.font(Font.PLAIN, 12), new Color(0x94a3b8)));
        side.add(brand, BorderLayout.NORTH);

        nav.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        nav.setOpaque(false);
        nav.setBackground(SwingUi.SIDEBAR);
        nav.setCellRenderer(new DefaultListCellRenderer() {
            @Override
            public Component getListCellRendererComponent(JList<?> list, Object value, int index, boolean selected, boolean focus) {
                JLabel l = new JLabel(((Panel) value).title());
                l.setOpaque(true);
                l.setFont(SwingUi.font(Font.PLAIN, 15));
                l.setBackground(selected ? SwingUi.ACCENT : SwingUi.SIDEBAR);
                l.setForeground(selected ? Color.WHITE : SwingUi.SIDEBAR_TEXT);
                l.setBorder(BorderFactory.createEmptyBorder(10, 22, 10, 22));
                return l;
            }
        });
        nav.addListSelectionListener(e -> {
            Panel p = nav.getSelectedValue();
            if (p != null && !e.getValueIsAdjusting()) show(p);
        });
        side.add(nav, BorderLayout.CENTER);

        JPanel notes = new JPanel();
        notes.setOpaque(false);
        notes.setLayout(new BoxLayout(notes, BoxLayout.Y_AXIS));
        notes.setBorder(BorderFactory.createEmptyBorder(0, 22, 18, 14));
        notes.add(new WrapText(SwingUi.font(Font.PLAIN, 12), SwingUi.MUTED));
        ((WrapText) notes.getComponent(0)).setText("HTTP server: " + demo.server().authority());
        notes.add(Box.createVerticalStrut(8));
        WrapText hint = new WrapText(SwingUi.font(Font.PLAIN, 12), SwingUi.MUTED);
        hint.setText("Close the window to quit: running tasks are cancelled, then the server and the loop stop.");
        notes.add(hint);
        side.add(notes, BorderLayout.SOUTH);
        return side;
    }

    private JComponent errorArea(ErrorLog log) {
        JLabel heading = SwingUi.label("", SwingUi.font(Font.BOLD, 14), SwingUi.TEXT);
        JButton clear = SwingUi.button("Clear", false);
        clear.addActionListener(e -> log.clear());
        // one entry per line, wrapped at word boundaries to the area's width: a long row is never cut off,
        // and the area scrolls (vertically only) once the rows outgrow it
        errorText.setEditable(false);
        errorText.setLineWrap(true);
        errorText.setWrapStyleWord(true);
        errorText.setFont(SwingUi.mono(12));
        errorText.setForeground(SwingUi.ERROR);
        errorText.setBorder(BorderFactory.createEmptyBorder(4, 8, 4, 8));
        JLabel empty = SwingUi.muted("No errors yet. Failed tasks and throwing callbacks from any panel land here, "
                + "through loop.setExceptionHandler().");
        empty.setHorizontalAlignment(JLabel.CENTER);
        CardLayout states = new CardLayout();
        JPanel stack = new JPanel(states);
        stack.setBackground(Color.WHITE);
        stack.setBorder(BorderFactory.createLineBorder(SwingUi.BORDER, 1, true));
        JScrollPane scroll = new JScrollPane(errorText, ScrollPaneConstants.VERTICAL_SCROLLBAR_AS_NEEDED,
                ScrollPaneConstants.HORIZONTAL_SCROLLBAR_NEVER);
        scroll.setBorder(BorderFactory.createEmptyBorder());
        stack.add(empty, "empty");
        stack.add(scroll, "list");
        stack.setPreferredSize(new Dimension(600, 118));
        Runnable show = () -> {
            List<ErrorLog.Entry> entries = log.entries();
            StringBuilder text = new StringBuilder();
            for (ErrorLog.Entry e : entries) text.append(text.length() == 0 ? "" : "\n").append(e);
            errorText.setText(text.toString());
            errorText.setCaretPosition(text.length()); // the newest row in view
            states.show(stack, entries.isEmpty() ? "empty" : "list");
            heading.setText("Errors (" + entries.size() + "), reported through the loop's exception handler");
            clear.setEnabled(!entries.isEmpty());
        };
        log.onChange(show);
        show.run();

        JPanel top = new JPanel(new BorderLayout());
        top.setOpaque(false);
        top.add(heading, BorderLayout.WEST);
        top.add(clear, BorderLayout.EAST);
        JPanel box = new JPanel(new BorderLayout(0, 6));
        box.setOpaque(false);
        box.setBorder(BorderFactory.createEmptyBorder(6, 28, 18, 28));
        box.add(top, BorderLayout.NORTH);
        box.add(stack, BorderLayout.CENTER);
        return box;
    }

    /** Shows panel {@code p} (and selects it in the sidebar). EDT. */
    public void select(Panel p) {
        if (nav.getSelectedValue() != p) nav.setSelectedValue(p, true);
        show(p);
    }

    private void show(Panel p) {
        title.setText(p.title());
        explanation.setText(p.explanation());
        cards.show(content, p.id());
    }

    /**
     * Presses the selected panel's main button, after ticking its failure switch if {@code fail} (and it
     * has one). EDT.
     */
    public void autostart(boolean fail) {
        panels.get(nav.getSelectedValue()).autostart(fail);
    }

    /** The frame. */
    public JFrame frame() {
        return frame;
    }

    /** The panel on show. */
    public Panel selected() {
        return nav.getSelectedValue();
    }

    /** Panel {@code p}'s view (for tests). */
    SwingPanel panel(Panel p) {
        return panels.get(p);
    }
}
