package io.loopbridge.core;

/**
 * A non-loop thread's dispatches fired while completion brackets are open, put in attachment order as
 * {@link RunQueue#offerFired} does, and queued, each on its own loop, when the outermost one ends.
 * One per thread, reused.
 */
final class ForeignFiring {
    static final ThreadLocal<ForeignFiring> LOCAL = ThreadLocal.withInitial(ForeignFiring::new);
    /** Open brackets on this thread. */
    int depth;
    /** The future of the innermost open bracket, and those of the outer ones. */
    private Object top;
    private Object[] outerTops = new Object[4];
    /** Where the next entry of the nested group being filled goes, or -1 if none is. */
    private int nestAt = -1;
    private final java.util.ArrayList<HandleImpl> fired = new java.util.ArrayList<>();

    void begin(Object future) {
        if (depth == outerTops.length) outerTops = java.util.Arrays.copyOf(outerTops, depth * 2);
        outerTops[depth++] = top;
        top = future;
        nestAt = -1;
    }

    void offer(HandleImpl h, Object source) {
        if (source == top) {
            fired.add(0, h);
            nestAt = -1;
        } else if (nestAt < 0) {
            fired.add(0, h);
            nestAt = 1;
        } else {
            fired.add(nestAt++, h);
        }
    }

    void end() {
        top = outerTops[--depth];
        outerTops[depth] = null;
        nestAt = -1;
        if (depth == 0) flush();
    }

    /** Queues what was collected; every one is tried, the first refusal (a closed loop) rethrown. */
    private void flush() {
        RuntimeException refused = null;
        for (int i = 0; i < fired.size(); i++) {
            HandleImpl h = fired.get(i);
            try {
                h.loop.enqueueFired(h);
            } catch (RuntimeException e) {
                if (refused == null) refused = e;
            }
        }
        fired.clear();
        if (refused != null) throw refused;
    }
}
