package io.loopbridge.core.model;

import io.loopbridge.core.ErrorContext;
import io.loopbridge.core.GuestLoop;
import io.loopbridge.core.Handle;
import io.loopbridge.core.TimerHandle;
import io.loopbridge.core.model.Program.Advance;
import io.loopbridge.core.model.Program.At;
import io.loopbridge.core.model.Program.Burst;
import io.loopbridge.core.model.Program.Cancel;
import io.loopbridge.core.model.Program.CancelMany;
import io.loopbridge.core.model.Program.CancelSelf;
import io.loopbridge.core.model.Program.TimerBurst;
import io.loopbridge.core.model.Program.Close;
import io.loopbridge.core.model.Program.Later;
import io.loopbridge.core.model.Program.Op;
import io.loopbridge.core.model.Program.Run;
import io.loopbridge.core.model.Program.Script;
import io.loopbridge.core.model.Program.Soon;
import io.loopbridge.core.model.Program.Throw;
import io.loopbridge.core.model.Program.Who;
import io.loopbridge.core.model.ReferenceModel.Item;
import io.loopbridge.core.model.ReferenceModel.State;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a {@link Program} against a real {@link GuestLoop} (driven by the calling thread, on a
 * {@link SaturatingClock}) and a {@link ReferenceModel} in step, and reports the first disagreement.
 * Operations of the "other threads" run on two producer threads, one at a time: the program is
 * sequential (each operation happens-before the next), so it is deterministic and a failure replays.
 *
 * <p>Checked after every step: each callback runs on the loop thread, at most once, never after being
 * cancelled, never before its deadline, in exactly the order the model says, inside a pass that took it
 * in; {@code runOnce} returns the number it ran; an unbudgeted pass leaves nothing of its snapshot, a
 * budgeted one runs at least one callback and stops within {@value ReferenceModel#MAX_OVERRUN} callbacks
 * of its budget; every throw reaches the exception handler with the callback's handle as source
 * ({@code OutOfMemoryError} propagates out of {@code runOnce} instead, and the host can go on);
 * {@code isCancelled()} and {@code when()} agree with the model; scheduling on a closed loop throws
 * {@link RejectedExecutionException}; {@code nextTimeout()} agrees with the model; wake-ups are
 * coalesced and never missing (the host is woken for work or an earlier deadline it does not know of).
 * At the end the host drains the loop (jumping the clock to each deadline): every callback ran or was
 * cancelled, and the loop is idle.
 *
 * <p><b>Threading.</b> One program at a time, on the thread that calls {@link #run}.
 */
final class ModelRunner implements AutoCloseable {
    /** Marks a simulated out-of-memory error, so that a real one is never taken for it. */
    static final String SIMULATED = "simulated by the model test";

    private final ExecutorService p1 = Executors.newSingleThreadExecutor(r -> daemon(r, "model-P1"));
    private final ExecutorService p2 = Executors.newSingleThreadExecutor(r -> daemon(r, "model-P2"));
    /** Operations run so far, over all programs (top-level and inside callbacks). */
    final AtomicLong operations = new AtomicLong();
    /** What the programs reached, over all programs: the generator is tuned so that each is common. */
    final Map<String, Long> coverage = new TreeMap<>();

    private void count(String what) {
        coverage.merge(what, 1L, Long::sum);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Runs {@code program}; returns null if the loop agreed with the model, else what went wrong. */
    String run(Program program, StringBuilder trace) {
        return run(program, trace, false);
    }

    /**
     * For the runner's own test: runs {@code program} but cancels the first callback's handle behind
     * the model's back, a disagreement the runner must report.
     */
    String runSabotaged(Program program) {
        return run(program, null, true);
    }

    private String run(Program program, StringBuilder trace, boolean sabotage) {
        Execution e = new Execution(trace);
        e.sabotage = sabotage;
        try {
            e.run(program);
        } catch (Throwable t) {
            e.fail("unexpected " + t + " at " + where(t));
        } finally {
            e.dispose();
        }
        return e.failure.get();
    }

    private static String where(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        return st.length == 0 ? "?" : st[0].toString();
    }

    @Override
    public void close() {
        p1.shutdownNow();
        p2.shutdownNow();
    }

    /** A scheduled callback of the program. */
    private static final class Cb {
        final Script body;
        Item item;
        Handle handle;
        int runs;

        Cb(Script body) {
            this.body = body;
        }
    }

    /** A pass in progress. */
    private static final class Pass {
        final boolean budgeted;
        final long budget;
        final long entryClock;
        final int liveAtEntry;
        int direct;
        /** How many direct callbacks had run when the budget was first found spent; -1 while not spent. */
        int overAt = -1;

        Pass(boolean budgeted, long budget, long entryClock, int liveAtEntry) {
            this.budgeted = budgeted;
            this.budget = budget;
            this.entryClock = entryClock;
            this.liveAtEntry = liveAtEntry;
        }
    }

    private final class Execution implements GuestLoop.HostWaker {
        final AtomicReference<String> failure = new AtomicReference<>();
        final StringBuilder trace;
        final SaturatingClock clock = new SaturatingClock();
        final GuestLoop loop = new GuestLoop(this, clock);
        final ReferenceModel model = new ReferenceModel(clock.getAsLong());
        final List<Cb> cbs = new ArrayList<>();
        final ArrayDeque<Pass> passes = new ArrayDeque<>();
        final Thread loopThread = Thread.currentThread();
        /** A wake-up is outstanding: the host will call runOnce. */
        volatile boolean woken;
        /** The deadline the host last read (absolute); Long.MAX_VALUE for none. */
        long hostDeadline = Long.MAX_VALUE;
        /** Reports the handler received, and the ones the program caused. */
        final List<Object[]> reports = new ArrayList<>();
        final List<Object[]> expectedReports = new ArrayList<>();
        /** A simulated fatal error was thrown and has not come out of runOnce yet. */
        Throwable pendingFatal;
        /** See {@link ModelRunner#runSabotaged}. */
        boolean sabotage;

        Execution(StringBuilder trace) {
            this.trace = trace;
            loop.setExceptionHandler(this::report);
        }

        void fail(String what) {
            if (failure.compareAndSet(null, what) && trace != null) trace.append("!! ").append(what).append('\n');
        }

        boolean failed() {
            return failure.get() != null;
        }

        void log(String s) {
            if (trace != null) trace.append(s).append('\n');
        }

        @Override
        public void wakeUp() {
            if (woken) fail("wakeUp() while a wake-up was outstanding (not coalesced)");
            woken = true;
        }

        void report(ErrorContext c) {
            if (Thread.currentThread() != loopThread) fail("exception handler called on " + Thread.currentThread().getName());
            synchronized (reports) {
                reports.add(new Object[]{c.source(), c.exception()});
            }
        }

        void dispose() {
            try {
                loop.close();
                if (loop.loopThread() == loopThread) loop.detachThread();
            } catch (Throwable ignored) {
                // the failure, if any, is reported already
            }
        }

        // ---- the program ----

        void run(Program program) {
            runPass(new Run(-1, false), true); // claims the loop thread
            for (Op op : program.ops) {
                if (failed()) return;
                exec(op, null, 0);
                if (failed()) return;
                if (!(op instanceof Run)) checkNotStranded(op);
            }
            drain();
            if (!failed()) finalChecks();
        }

        private void drain() {
            for (int i = 0; i < 10_000 && !failed(); i++) {
                runPass(new Run(-1, false), true);
                if (failed()) return;
                long t = loop.nextTimeout();
                if (t < 0) return;
                if (t > 0) advance(t);
            }
            fail("the loop did not become idle within 10,000 host turns");
        }

        private void finalChecks() {
            if (model.anyPending()) fail("model: callbacks still pending after the drain");
            for (Cb cb : cbs) {
                Item it = cb.item;
                int expectedRuns = it.state == State.RAN ? 1 : 0;
                if (cb.runs != expectedRuns) fail(it + " ran " + cb.runs + " times; expected " + expectedRuns + " (" + it.state + ")");
                if (cb.handle != null && cb.handle.isCancelled() != (it.state == State.CANCELLED)) {
                    fail(it + ": isCancelled() is " + cb.handle.isCancelled() + " but the model says " + it.state);
                }
            }
            checkReports();
            long t = loop.nextTimeout();
            if (t != -1) fail("nextTimeout() is " + t + " after the drain; expected -1");
        }

        // ---- operations ----

        void exec(Op op, Cb self, int depth) {
            operations.incrementAndGet();
            if (depth > 0 || !(op instanceof Run)) log("  ".repeat(depth) + Program.describe(op));
            if (op instanceof Soon s) {
                schedule(s.who(), s.body(), false, 0, cb -> s.viaExecute() ? executeAndNoHandle(cb) : loop.callSoon(cb), depth);
            } else if (op instanceof Later l) {
                Duration d = l.delayNanos() == Program.HUGE ? Duration.ofSeconds(Long.MAX_VALUE) : Duration.ofNanos(l.delayNanos());
                long delay = l.delayNanos() == Program.HUGE ? Long.MAX_VALUE : Math.max(0, l.delayNanos());
                schedule(l.who(), l.body(), true, SaturatingClock.add(clock.getAsLong(), delay), cb -> loop.callLater(d, cb), depth);
            } else if (op instanceof At a) {
                long deadline = a.absolute() ? a.offset()
                        : a.offset() >= 0 ? SaturatingClock.add(clock.getAsLong(), a.offset()) : clock.getAsLong() + a.offset();
                schedule(a.who(), a.body(), true, deadline, cb -> loop.callAt(deadline, cb), depth);
            } else if (op instanceof Cancel c) {
                cancel(c, self);
            } else if (op instanceof Advance a) {
                advance(a.nanos());
            } else if (op instanceof Run r) {
                if (depth == 0) runPass(r, true);
                else runPass(r, false);
            } else if (op instanceof Close c) {
                close(c.who());
            } else if (op instanceof Throw t) {
                throwNow(t, self);
            } else if (op instanceof Burst b) {
                burst(b, depth);
            } else if (op instanceof TimerBurst t) {
                for (int i = 0; i < t.count() && !failed(); i++) {
                    long d = Program.GRID * ((i * 7L + t.mix()) % 23);
                    schedule(t.who(), Script.EMPTY, true, SaturatingClock.add(clock.getAsLong(), d), cb -> loop.callLater(Duration.ofNanos(d), cb), depth);
                }
            } else if (op instanceof CancelMany c) {
                for (int k = 0; k < c.count() && !failed(); k++) cancel(new Cancel(c.who(), c.from() + k * c.step()), self);
            } else if (op instanceof CancelSelf && self.handle != null) { // (execute() gives no handle)
                self.handle.cancel();
                if (self.handle.isCancelled()) fail(self.item + ": cancelling its own handle while it runs made it cancelled");
            }
            if (!failed()) checkTimeout("after " + Program.describe(op));
        }

        /** {@code execute} returns no handle. */
        private Handle executeAndNoHandle(Runnable cb) {
            loop.execute(cb);
            return null;
        }

        private void schedule(Who who, Script body, boolean timer, long when, java.util.function.Function<Runnable, Handle> call, int depth) {
            Cb cb = new Cb(body);
            Runnable r = () -> onRun(cb, depth + 1);
            boolean rejected = false;
            Handle h = null;
            try {
                h = on(who, () -> call.apply(r));
            } catch (RejectedExecutionException e) {
                rejected = true;
                if (e.getMessage() == null || !e.getMessage().startsWith("loop is closed")) fail("rejection without the reason: " + e);
            }
            if (rejected != model.closed) {
                fail(model.closed ? "scheduling on a closed loop was accepted" : "scheduling on an open loop was rejected");
                return;
            }
            if (rejected) {
                count("submissions rejected (closed)");
                return;
            }
            count(who == Who.LOOP ? "submissions from the loop thread" : "submissions from other threads");
            cb.item = model.schedule(timer, when, who != Who.LOOP);
            cb.handle = h;
            cbs.add(cb);
            if (sabotage && cbs.size() == 1 && h != null) h.cancel();
            log("  ".repeat(depth) + "  -> " + cb.item);
            if (timer && h instanceof TimerHandle th && th.when() != when) fail(cb.item + ": when() is " + th.when() + "; expected " + when);
        }

        /** A flood of callSoon from one thread, in one hand-off. */
        private void burst(Burst b, int depth) {
            operations.addAndGet(b.count() - 1);
            Script slow = new Script(List.of(new Advance(Program.SLOW)));
            List<Cb> burst = new ArrayList<>();
            for (int i = 0; i < b.count(); i++) {
                Cb cb = new Cb(i == b.slowAt() ? slow : Script.EMPTY);
                burst.add(cb);
            }
            Handle[] handles = new Handle[b.count()];
            int[] accepted = {0};
            boolean rejected = false;
            try {
                on(b.who(), () -> {
                    for (Cb cb : burst) {
                        handles[accepted[0]] = loop.callSoon(() -> onRun(cb, depth + 1));
                        accepted[0]++;
                    }
                    return null;
                });
            } catch (RejectedExecutionException e) {
                rejected = true;
            }
            if (rejected != model.closed || (rejected && accepted[0] > 0)) {
                fail("a burst on a " + (model.closed ? "closed" : "open") + " loop: " + accepted[0] + " of " + b.count() + " accepted");
                return;
            }
            if (rejected) {
                count("submissions rejected (closed)");
                return;
            }
            for (int i = 0; i < burst.size(); i++) {
                Cb cb = burst.get(i);
                cb.item = model.schedule(false, 0, b.who() != Who.LOOP);
                cb.handle = handles[i];
                cbs.add(cb);
            }
            coverage.merge(b.who() == Who.LOOP ? "submissions from the loop thread" : "submissions from other threads", (long) b.count(), Long::sum);
            log("  ".repeat(depth) + "  -> " + burst.get(0).item + " .. " + burst.get(burst.size() - 1).item);
        }

        private void cancel(Cancel c, Cb self) {
            if (cbs.isEmpty()) return;
            Cb target = cbs.get(Math.floorMod(c.target(), cbs.size()));
            if (target.handle == null) return; // scheduled with execute(): no handle to cancel
            log("    cancels " + target.item);
            on(c.who(), () -> {
                target.handle.cancel();
                return null;
            });
            if (model.cancel(target.item)) count("cancels that took effect" + (c.who() == Who.LOOP ? "" : " (from other threads)"));
            boolean expected = target.item.state == State.CANCELLED;
            if (target.handle.isCancelled() != expected) {
                fail("after cancel(), " + target.item + " isCancelled() is " + target.handle.isCancelled() + "; the model says " + target.item.state);
            }
        }

        private void advance(long nanos) {
            clock.advance(nanos);
            model.now = clock.getAsLong();
        }

        private void close(Who who) {
            boolean outsidePass = who == Who.LOOP && model.depth == 0;
            on(who, () -> {
                loop.close();
                return null;
            });
            count(outsidePass ? "closes on the loop thread" : who == Who.LOOP ? "closes inside a callback" : "closes from another thread");
            model.close(outsidePass);
            if (model.cleanedUp) checkCancelledAfterCleanUp();
        }

        private void throwNow(Throw t, Cb self) {
            RuntimeException re = null;
            Error err = null;
            switch (t.kind()) {
                case RUNTIME -> re = new IllegalStateException("thrown by " + self.item);
                case ASSERTION -> err = new AssertionError("thrown by " + self.item);
                case STACK_OVERFLOW -> err = new StackOverflowError("thrown by " + self.item);
                case FATAL -> err = new OutOfMemoryError(SIMULATED);
            }
            Throwable thrown = re != null ? re : err;
            count("throws: " + t.kind());
            if (t.kind() == Program.ThrowKind.FATAL) pendingFatal = thrown;
            else expectedReports.add(new Object[]{self.handle, thrown});
            if (re != null) throw re;
            throw err;
        }

        /** One runOnce: a host turn ({@code host}) or nested inside a callback. */
        private void runPass(Run r, boolean host) {
            if (host) {
                woken = false; // the host answers its wake-up
                log("host: " + Program.describe(r));
            } else {
                woken = false; // a nested host loop answers wake-ups too
            }
            boolean budgeted = r.budgeted();
            long entry = clock.getAsLong();
            boolean open = model.enter(budgeted);
            if (!open) {
                int n = budgeted ? loop.runOnce(r.budget()) : loop.runOnce();
                if (n != 0) fail("runOnce() on a closed loop ran " + n + " callbacks");
                if (model.cleanedUp) checkCancelledAfterCleanUp();
                if (host) hostReads();
                return;
            }
            Pass p = new Pass(budgeted, r.budget(), entry, model.liveInSnapshot());
            passes.push(p);
            if (!host) count("nested passes");
            if (budgeted) count("budgeted passes");
            int n;
            try {
                n = budgeted ? loop.runOnce(r.budget()) : loop.runOnce();
            } catch (Throwable e) {
                passes.pop();
                model.abort();
                if (!host) throw e; // through the callback that nested, as a real fatal error goes
                if (e != pendingFatal) {
                    fail("runOnce() threw " + e + (pendingFatal == null ? "" : "; expected the simulated " + pendingFatal));
                    return;
                }
                pendingFatal = null;
                count("fatal errors out of runOnce");
                log("  (the simulated OutOfMemoryError came out of runOnce; the host goes on)");
                checkReports();
                hostReads();
                return;
            }
            passes.pop();
            if (failed()) return;
            if (pendingFatal != null && host) fail("the simulated OutOfMemoryError did not come out of runOnce");
            if (n != p.direct) fail("runOnce() returned " + n + " but ran " + p.direct + " callbacks");
            if (!budgeted && !model.closed && model.liveInSnapshot() > 0) {
                fail("an unbudgeted runOnce() returned with " + model.liveInSnapshot() + " live callbacks of its snapshot left");
            }
            if (budgeted && p.liveAtEntry > 0 && n == 0) fail("a budgeted runOnce() with live work ran nothing");
            if (p.overAt >= 0 && p.direct - p.overAt > ReferenceModel.MAX_OVERRUN) {
                fail("a budgeted runOnce() ran " + (p.direct - p.overAt) + " callbacks after its budget was spent");
            }
            if (budgeted && model.liveInSnapshot() > 0) count("budgeted passes that left work");
            model.exit(budgeted);
            if (model.cleanedUp) checkCancelledAfterCleanUp();
            checkReports();
            if (host) hostReads();
        }

        /** The host re-reads nextTimeout() after its turn (as every host must). */
        private void hostReads() {
            long t = checkTimeout("after the host's runOnce");
            hostDeadline = t < 0 ? Long.MAX_VALUE : SaturatingClock.add(clock.getAsLong(), t);
        }

        /** A callback runs. */
        private void onRun(Cb cb, int depth) {
            if (failed()) return;
            Item it = cb.item;
            cb.runs++;
            if (Thread.currentThread() != loopThread) fail(it + " ran on thread '" + Thread.currentThread().getName() + "'");
            if (cb.runs > 1) fail(it + " ran twice");
            Pass p = passes.peek();
            if (p == null) fail(it + " ran outside runOnce()");
            if (it.state == State.CANCELLED) fail(it + " ran although it was cancelled");
            if (model.closed) fail(it + " ran after close()");
            if (it.timer && clock.getAsLong() < it.when) fail(it + " ran early, at " + clock.getAsLong());
            Item expected = model.takeNext();
            if (expected != it) {
                fail(it + " ran, but the model expected " + (expected == null ? "nothing more in this pass" : expected.toString()));
            }
            if (failed() || p == null) return;
            log("  ".repeat(depth) + "ran " + it);
            count(it.timer ? "timer callbacks run" : "soon callbacks run");
            p.direct++;
            try {
                for (Op op : cb.body.ops()) {
                    exec(op, cb, depth);
                    if (failed()) return;
                }
            } finally {
                if (p.budgeted && p.overAt < 0 && clock.getAsLong() - p.entryClock >= p.budget) p.overAt = p.direct;
            }
        }

        // ---- checks ----

        private long checkTimeout(String when) {
            long t = loop.nextTimeout();
            long expected = model.expectedTimeout();
            if (t != expected && t == 0 && model.stale()) count("nextTimeout() stale zeros");
            if (t != expected && !(t == 0 && model.stale())) {
                fail("nextTimeout() " + when + " is " + t + "; the model says " + expected + (model.stale() ? " (or 0)" : ""));
            }
            return t;
        }

        /** The host sleeps until the deadline it knows; the loop must have woken it for anything earlier. */
        private void checkNotStranded(Op op) {
            long t = loop.nextTimeout();
            long due = t < 0 ? Long.MAX_VALUE : SaturatingClock.add(clock.getAsLong(), t);
            if (due < hostDeadline && !woken) {
                fail("after " + Program.describe(op) + " the loop needs the host " + (t == 0 ? "now" : "in " + t + " ns")
                        + " but did not wake it (the host would sleep " + (hostDeadline == Long.MAX_VALUE ? "forever" : "until " + hostDeadline) + ")");
            }
        }

        private void checkCancelledAfterCleanUp() {
            for (Cb cb : cbs) {
                if (cb.item.state == State.CANCELLED && cb.handle != null && !cb.handle.isCancelled()) {
                    fail(cb.item + " did not run and is not cancelled after close()'s cleanup");
                    return;
                }
            }
        }

        private void checkReports() {
            List<Object[]> got;
            synchronized (reports) {
                got = new ArrayList<>(reports);
            }
            if (got.size() != expectedReports.size()) {
                fail("the exception handler got " + got.size() + " reports; expected " + expectedReports.size() + describe(got));
                return;
            }
            for (int i = 0; i < got.size(); i++) {
                Object[] g = got.get(i);
                Object[] x = expectedReports.get(i);
                boolean sourceOk = x[0] == null ? g[0] instanceof Handle : g[0] == x[0];
                if (!sourceOk || g[1] != x[1]) fail("report " + i + " was (" + g[0] + ", " + g[1] + "); expected (" + x[0] + ", " + x[1] + ")");
            }
        }

        private String describe(List<Object[]> got) {
            StringBuilder sb = new StringBuilder();
            for (Object[] g : got) sb.append("\n    source=").append(g[0]).append(", exception=").append(g[1]);
            return sb.toString();
        }

        /** Runs {@code c} on the loop thread or on a producer thread, and waits for it. */
        private <T> T on(Who who, Callable<T> c) {
            try {
                if (who == Who.LOOP) return c.call();
                return (who == Who.P1 ? p1 : p2).submit(c).get();
            } catch (ExecutionException e) {
                Throwable x = e.getCause();
                if (x instanceof RuntimeException re) throw re;
                if (x instanceof Error err) throw err;
                throw new IllegalStateException(x);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
