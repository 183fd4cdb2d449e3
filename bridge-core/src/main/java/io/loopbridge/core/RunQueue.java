package io.loopbridge.core;

/**
 * The loop's line of ready callbacks: the loop thread's own ready list, the cross-thread {@link Inbox},
 * the {@link Intake} entries that keep cross-thread callbacks in their place in that line, and the snapshot
 * of the pass that is running. {@link GuestLoop#runOnce} drives it; nothing else touches its state.
 *
 * <p><b>The invariant: one FIFO line across threads.</b> Read the ready list from its head, replacing each
 * {@link Intake} entry by the inbox nodes it stands for, then append whatever is in the inbox after the
 * last entry's end: that is the order in which callbacks run, and it is the order of their submissions
 * (a loop-thread submission is appended; a cross-thread one is swapped into the inbox's tail). It holds
 * because before a loop-thread submission joins the ready list, the cross-thread submissions enqueued
 * before it get an Intake entry ahead of it ({@link #offerLocal}); so a loop-thread callback never jumps
 * the line, as in asyncio's {@code call_soon_threadsafe} and Netty's task queue. Due timers join the line
 * at the start of a pass, behind the cross-thread callbacks enqueued before it.
 *
 * <p><b>Snapshots.</b> A pass runs what was in line when it started and no more: {@link #openSnapshot()}
 * marks the cross-thread callbacks enqueued so far, the host appends the due timers, and
 * {@link #closeSnapshot()} fixes {@link #toRun}, the number of ready-list entries (callbacks and Intake
 * entries) that belong to the pass. Work submitted during the pass queues behind them and runs in the next
 * one. {@link #toRun} is one field for the whole loop, not one per pass: a nested pass (a callback that
 * opened a modal dialog whose event loop calls {@code runOnce} again) takes the whole line as its snapshot,
 * runs it, and leaves 0, so the outer pass ends without running anything twice and without losing or
 * reordering anything.
 *
 * <p><b>The gap.</b> A producer preempted between its swap and its link leaves its callback, and those
 * after it, unreachable for a moment ({@link Inbox}). {@link #take()} waits briefly, then returns null with
 * the rest of the snapshot still first in line; {@link #hasReady()} stays true.
 *
 * <p><b>Threading.</b> {@link #offerRemote} from any thread; everything else on the loop thread (or, once
 * the loop is closed and no loop thread can run, the one thread that runs the close cleanup).
 *
 * <p><b>Memory.</b> One object per callback: the handle is its own ready-list node and its own inbox node.
 * A pass that takes in a flood allocates nothing more ({@link #spareIntake}).
 */
final class RunQueue {
    // ---- the ready list: an intrusive FIFO of handles linked through HandleImpl.next. Loop thread. ----
    private HandleImpl head;
    private HandleImpl tail;
    /** Entries in the ready list, Intake entries included. Loop thread. */
    private int size;
    /** How many of them are {@link Intake} entries (they are not callbacks). Loop thread. */
    private int intakes;
    /** How many entries at the head belong to the running pass's snapshot; see the class javadoc. Loop thread. */
    private int toRun;

    /** Callbacks submitted from other threads, in submission order. Offered from any thread. */
    private final Inbox inbox = new Inbox();
    /**
     * The last inbox node spoken for by an {@link Intake} entry. Invariant: the Intake entries of the ready
     * list have increasing ends, in inbox order, the first one's segment starting at the inbox's consumer
     * position; with no Intake entry, the consumer position is this node. Loop thread.
     */
    private HandleImpl intakeEnd = inbox.last();
    /** A popped {@link Intake} kept for reuse. Loop thread. */
    private Intake spareIntake;

    // ---- the burst: the continuations one completion fires, put back in the order they were attached ----
    /** {@link #burstTop} of a burst in which every group keeps the order it came in. */
    private static final Object NO_TOP = new Object();
    /** Whether a burst is open: see {@link #offerFired}. Loop thread. */
    private boolean burstOpen;
    /** The entry before the open burst's first one, or null if the burst starts at the head. Loop thread. */
    private HandleImpl burstPrev;
    /** The future whose own dependents the burst reverses (see {@link #offerFired}). Loop thread. */
    private Object burstTop;
    /** The last entry of the nested group being filled, or null if none is. Loop thread. */
    private HandleImpl nestTail;
    /** The completion under way that names the burst's top ({@link #beginTop}), or null. Loop thread. */
    private Object bracketTop;
    /** An unbracketed burst set aside by the outermost bracket ({@link #suspendBurst}). Loop thread. */
    private boolean savedOpen;
    private HandleImpl savedPrev, savedNestTail;
    private Object savedTop;

    // =====================================================================================
    // Submitting
    // =====================================================================================

    /**
     * Appends a loop-thread submission, behind every cross-thread one enqueued before it. Between passes
     * the newest Intake entry may grow to cover them; during a pass it must not (it may belong to the
     * running snapshot, which would then take in work enqueued after the pass began), so a new one is made.
     */
    void offerLocal(HandleImpl h, boolean betweenPasses) {
        markIntake(betweenPasses);
        append(h);
    }

    /**
     * Queues a continuation that {@code source}'s completion fired. {@code CompletableFuture}'s firing
     * order is not attachment order: the completing future's own dependents come newest first, and the
     * dependents of a stage it completes on the way (a {@code thenCompose} relay) come oldest first, in a
     * group, where that stage was attached. A burst puts them back: the top future's own dependents (the
     * one being completed, {@link #beginTop}; or, for a completion {@code CompletableFuture} made itself
     * in one of its tasks, {@code sourceMayBeTop}, the source of the burst's first entry) each go ahead of all that was fired before them, right behind
     * {@link #burstPrev}; a nested group goes there too, its entries in the order they came. So each
     * future's dependents run in the order they were attached, as asyncio runs done callbacks. The burst
     * begins at the tail and any {@link #take()} ends it, so it never reaches into the running snapshot.
     */
    void offerFired(HandleImpl h, Object source, boolean betweenPasses, boolean sourceMayBeTop) {
        if (!burstOpen) {
            markIntake(betweenPasses);
            burstPrev = tail;
            burstOpen = true;
            burstTop = bracketTop != null ? bracketTop : sourceMayBeTop ? source : NO_TOP;
            append(h);
            nestTail = source == burstTop ? null : h;
            return;
        }
        if (source == burstTop) {
            insertAfter(burstPrev, h);
            nestTail = null;
        } else {
            insertAfter(nestTail != null ? nestTail : burstPrev, h);
            nestTail = h;
        }
    }

    private void insertAfter(HandleImpl prev, HandleImpl h) {
        if (prev == null) {
            h.next = head;
            head = h;
            if (tail == null) tail = h;
        } else {
            h.next = prev.next;
            prev.next = h;
            if (tail == prev) tail = h;
        }
        size++;
    }

    /**
     * A completion of {@code future} begins: its dependents are the top ones now. The outermost one (no
     * completion under way) sets aside a burst left open by a firing {@code CompletableFuture} made itself
     * (a synchronous hook of that firing completes {@code future}) and starts none; a nested one fires
     * into the open burst. Returns the top it replaces (null for the outermost), for {@link #endTop}.
     */
    Object beginTop(Object future) {
        Object outer = bracketTop;
        if (outer == null) suspendBurst();
        bracketTop = future;
        if (burstOpen) { // nested in a firing
            burstTop = future;
            nestTail = null;
        }
        return outer;
    }

    /** The completion {@link #beginTop} announced ended; {@code outer} is what it returned. */
    void endTop(Object outer) {
        bracketTop = outer;
        if (outer == null) {
            endBurst();
            resumeBurst();
        } else if (burstOpen) {
            burstTop = outer;
            nestTail = null;
        }
    }

    /** Ends the burst: what is fired next starts a new one at the tail. */
    void endBurst() {
        if (!burstOpen) return;
        burstOpen = false;
        burstPrev = null;
        burstTop = null;
        nestTail = null;
    }

    /**
     * Sets the open burst aside (the outermost completion bracket begins while a firing that {@code
     * CompletableFuture} made itself is under way: a synchronous hook completes a future) and starts none;
     * {@link #resumeBurst()} takes it up again.
     */
    void suspendBurst() {
        if (!burstOpen) return; // the common case: nothing to set aside (and nothing is: see forgetSaved)
        savedOpen = burstOpen;
        savedPrev = burstPrev;
        savedTop = burstTop;
        savedNestTail = nestTail;
        endBurst();
    }

    /** Ends the current burst and takes up the one {@link #suspendBurst()} set aside, unless a take ended it. */
    void resumeBurst() {
        if (!savedOpen) return;
        burstOpen = savedOpen;
        burstPrev = savedPrev;
        burstTop = savedTop;
        nestTail = savedNestTail;
        forgetSaved();
    }

    private void forgetSaved() {
        savedOpen = false;
        savedPrev = null;
        savedTop = null;
        savedNestTail = null;
    }

    /** Enqueues a cross-thread submission. Any thread; {@link GuestLoop} seals it against close. */
    void offerRemote(HandleImpl h) {
        inbox.offer(h);
    }

    /** The newest cross-thread submission, for the close protocol's read of the tail. */
    HandleImpl lastRemote() {
        return inbox.last();
    }

    // =====================================================================================
    // A pass
    // =====================================================================================

    /** Start of a pass: the cross-thread callbacks enqueued so far join the line (growing is exact here). */
    void openSnapshot() {
        markIntake(true);
    }

    /** Appends a due timer to the line, without an Intake check: the pass's {@link #openSnapshot()} made it. */
    void appendDue(HandleImpl timer) {
        append(timer);
    }

    /** Fixes the snapshot: everything in line now belongs to the pass. */
    void closeSnapshot() {
        toRun = size;
    }

    /**
     * The next callback of the snapshot, taken off the line, or null once the snapshot is used up or a
     * producer's gap stops the pass (see the class javadoc). The handle may have been cancelled meanwhile:
     * the caller claims it.
     */
    HandleImpl take() {
        if (burstOpen | savedOpen) endBursts(); // a burst never spans a callback's run: see offerFired
        for (int n = toRun; n > 0; n = toRun) {
            HandleImpl h = head;
            if (!(h instanceof Intake)) { // the common case, a loop-thread callback: pop() inlined
                HandleImpl next = h.next;
                head = next;
                if (next == null) tail = null;
                h.next = null;
                size--;
                toRun = n - 1;
                return h;
            }
            Intake segment = (Intake) h;
            if (inbox.reached(segment.end)) { // every callback it stood for was taken in
                pop();
                toRun--;
                intakes--;
                segment.end = null;
                spareIntake = segment;
                continue;
            }
            return inbox.pollBriefly(); // null only at a producer's gap: see the class javadoc
        }
        return null;
    }

    /**
     * Whether more of the snapshot waits behind the callback just taken. Then a wake-up must be pending
     * before it runs: see {@link GuestLoop.HostWaker}.
     */
    boolean snapshotHasMore() {
        if (toRun > 1) return true;
        if (toRun == 0) return false;
        return !(head instanceof Intake) || !inbox.reached(((Intake) head).end);
    }

    // =====================================================================================
    // Queries
    // =====================================================================================

    /**
     * Whether a callback is in line: a loop-thread one, or a cross-thread one not taken in yet. Intake
     * entries are not work of their own: what they stand for is in the inbox until taken in.
     */
    boolean hasReady() {
        return size > intakes || !inbox.isEmpty();
    }

    /** The cross-thread inbox (for the package's white-box tests). */
    Inbox inbox() {
        return inbox;
    }

    /** Loop-thread callbacks in the ready list (cross-thread ones not yet taken in are not counted). */
    int readyCount() {
        return size - intakes;
    }

    // =====================================================================================
    // Closing
    // =====================================================================================

    /**
     * The close cleanup's half: cancels every callback in line, including every cross-thread submission
     * enqueued before this call read the inbox's tail (waiting out producers' gaps, since each of those was
     * accepted). Submissions enqueued later are withdrawn by their producers (see {@code GuestLoop}).
     */
    void cancelAll() {
        endBursts();
        while (head != null) pop().cancel(); // Intake entries too: harmless
        intakes = 0;
        toRun = 0;
        for (HandleImpl end = inbox.last(), h; (h = inbox.pollWaiting(end)) != null; ) h.cancel();
        intakeEnd = inbox.last();
    }

    // =====================================================================================
    // The Intake entries
    // =====================================================================================

    /**
     * Speaks for the cross-thread callbacks enqueued so far by putting an {@link Intake} entry for them at
     * the end of the ready list, or by growing the last one if {@code mayGrow} and it is last.
     */
    private void markIntake(boolean mayGrow) {
        HandleImpl end = inbox.last();
        if (end == intakeEnd) return; // nothing new: one volatile read and a compare
        intakeEnd = end;
        if (mayGrow && tail instanceof Intake) {
            ((Intake) tail).end = end; // nothing was queued behind it: the newest segment grows
            return;
        }
        Intake m = spareIntake;
        if (m == null) m = new Intake();
        else spareIntake = null;
        m.end = end;
        append(m);
        intakes++;
    }

    /** Ends the open burst and forgets a suspended one (their anchor entries may be taken now). */
    void endBursts() {
        endBurst();
        if (savedOpen) forgetSaved();
    }

    private void append(HandleImpl h) {
        if (tail == null) head = h;
        else tail.next = h;
        tail = h;
        size++;
    }

    private HandleImpl pop() {
        HandleImpl h = head;
        head = h.next;
        if (head == null) tail = null;
        h.next = null;
        size--;
        return h;
    }

    /**
     * A ready-list entry that stands for the cross-thread callbacks in the inbox from the consumer's
     * position up to and including {@link #end}, in their inbox order. It keeps their place in line. Never
     * claimed, never run.
     */
    private static final class Intake extends HandleImpl {
        /** The last inbox node of the segment. Loop thread. */
        HandleImpl end;

        Intake() {
            super(null, null, null);
        }

        @Override
        public String toString() {
            return "intake of cross-thread callbacks up to " + end;
        }
    }
}
