package io.loopbridge.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A random program for {@link GuestLoopModelTest}: host turns, submissions from the loop thread and
 * from two other threads, cancellations, clock advances and closes. A callback carries a {@link Script}
 * of its own (run when it runs: more submissions, a nested {@code runOnce}, a throw, a close), so the
 * programs also reach what happens <em>inside</em> a pass.
 *
 * <p>Programs are plain values: {@link #generate} builds one from a seed, {@link #shrinkCandidates}
 * lists smaller variants (ops dropped, chunks dropped, scripts emptied, numbers halved) for the shrinker,
 * and {@link #toString()} prints one a person can read. Cancel targets are indices taken modulo the
 * number of callbacks created so far, so every variant of a program stays valid.
 *
 * <p><b>Threading.</b> Immutable.
 */
final class Program {

    /** Who performs an operation: the loop (host) thread, or one of two other threads. */
    enum Who { LOOP, P1, P2 }

    /** How a callback's script fails. FATAL is a simulated {@code OutOfMemoryError}. */
    enum ThrowKind { RUNTIME, ASSERTION, STACK_OVERFLOW, FATAL }

    sealed interface Op permits Soon, Later, At, Cancel, Advance, Run, Close, Throw, CancelSelf, Burst, TimerBurst, CancelMany {}

    /** {@code callSoon} (or {@code execute}) of a callback running {@code body}. */
    record Soon(Who who, boolean viaExecute, Script body) implements Op {}

    /** {@code callLater(delay)}: {@code delayNanos} may be negative, or {@link #HUGE} for a saturating delay. */
    record Later(Who who, long delayNanos, Script body) implements Op {}

    /** {@code callAt}: at {@code now + offset}, or at {@code offset} itself if {@code absolute}. */
    record At(Who who, long offset, boolean absolute, Script body) implements Op {}

    /** Cancels callback number {@code target % created}. */
    record Cancel(Who who, int target) implements Op {}

    /** Moves the clock forward. */
    record Advance(long nanos) implements Op {}

    /** {@code runOnce()} (budget < 0 means none) or {@code runOnce(budget)}: a host turn, or nested inside a callback. */
    record Run(long budget, boolean budgeted) implements Op {}

    /** {@code close()}. */
    record Close(Who who) implements Op {}

    /** Inside a script only: the callback throws (the rest of its script does not run). */
    record Throw(ThrowKind kind) implements Op {}

    /** Inside a script only: the running callback cancels its own handle (must be a no-op). */
    record CancelSelf() implements Op {}

    /**
     * A flood: {@code count} callbacks with {@code callSoon}, the one at {@code slowAt} (if any) a slow
     * one that moves the clock {@link #SLOW} ns: with a budget, the pass must stop soon after it.
     */
    record Burst(Who who, int count, int slowAt) implements Op {}

    /**
     * Many timers at once: timer {@code i} after {@code GRID * ((i * 7 + mix) % 23)} ns (equal deadlines
     * galore, in a heap big enough for removals from its middle).
     */
    record TimerBurst(Who who, int count, int mix) implements Op {}

    /** Cancels callbacks {@code (from + k * step) % created} for {@code k < count}. */
    record CancelMany(Who who, int from, int step, int count) implements Op {}

    /** How long the slow callback of a {@link Burst} takes: more than any generated budget. */
    static final long SLOW = 5_000;

    record Script(List<Op> ops) {
        static final Script EMPTY = new Script(List.of());

        boolean isEmpty() {
            return ops.isEmpty();
        }
    }

    /** A delay of {@code Duration.ofSeconds(Long.MAX_VALUE)}: saturates to a deadline of {@code Long.MAX_VALUE}. */
    static final long HUGE = Long.MIN_VALUE;
    /** Delays and advances are multiples of this, from a small set, so equal deadlines are common. */
    static final long GRID = 1_000;

    final long seed;
    final List<Op> ops;

    Program(long seed, List<Op> ops) {
        this.seed = seed;
        this.ops = List.copyOf(ops);
    }

    /** How many operations, scripts included. */
    int size() {
        return count(ops);
    }

    private static int count(List<Op> ops) {
        int n = 0;
        for (Op op : ops) {
            n++;
            Script s = body(op);
            if (s != null) n += count(s.ops());
        }
        return n;
    }

    static Script body(Op op) {
        if (op instanceof Soon s) return s.body();
        if (op instanceof Later l) return l.body();
        if (op instanceof At a) return a.body();
        return null;
    }

    // ---------------------------------------------------------------------------------------------
    // Generation
    // ---------------------------------------------------------------------------------------------

    /** A program of 5 to {@code maxOps} top-level operations, from {@code seed}. */
    static Program generate(long seed, int maxOps) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 5 + r.nextInt(Math.max(1, maxOps - 4));
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) ops.add(topLevel(r, i, n));
        return new Program(seed, ops);
    }

    private static Op topLevel(SplittableRandom r, int i, int n) {
        int k = r.nextInt(100);
        if (k < 22) return new Soon(who(r), r.nextInt(5) == 0, script(r, 0));
        if (k < 36) return new Later(who(r), delay(r), script(r, 0));
        if (k < 42) return at(r, 0);
        if (k < 54) return new Cancel(who(r), r.nextInt(1 << 16));
        if (k < 66) return new Advance(advance(r));
        // a close is rare, and likelier late in the program (so that most programs run long before it)
        if (k < 68 && r.nextInt(n) < i) return new Close(who(r));
        if (k < 71) {
            int count = 64 + r.nextInt(257);
            return new Burst(who(r), count, r.nextInt(count + count / 4)); // sometimes none is slow
        }
        if (k < 73) return new TimerBurst(who(r), 16 + r.nextInt(200), r.nextInt(23));
        if (k < 76) return new CancelMany(who(r), r.nextInt(1 << 16), 1 + r.nextInt(13), 2 + r.nextInt(40));
        return run(r);
    }

    private static Op run(SplittableRandom r) {
        return r.nextInt(3) == 0 ? new Run(budget(r), true) : new Run(-1, false);
    }

    private static Who who(SplittableRandom r) {
        int k = r.nextInt(10);
        return k < 7 ? Who.LOOP : k < 9 ? Who.P1 : Who.P2;
    }

    private static long delay(SplittableRandom r) {
        int k = r.nextInt(40);
        if (k == 0) return HUGE;
        if (k == 1) return -GRID * (1 + r.nextInt(3)); // negative: as zero
        return GRID * r.nextInt(6);
    }

    private static Op at(SplittableRandom r, int depth) {
        Who w = depth == 0 ? who(r) : whoInside(r);
        int k = r.nextInt(20);
        if (k == 0) return new At(w, Long.MAX_VALUE, true, script(r, depth)); // never due
        if (k == 1) return new At(w, Long.MIN_VALUE, true, script(r, depth)); // due at once, however far back
        return new At(w, GRID * (r.nextInt(9) - 2), false, script(r, depth)); // also in the past
    }

    private static long advance(SplittableRandom r) {
        int k = r.nextInt(30);
        if (k == 0) return 1L << 50; // far ahead: every finite timer of the program is due
        if (k == 1) return 1; // one nanosecond
        return GRID * r.nextInt(5);
    }

    private static long budget(SplittableRandom r) {
        int k = r.nextInt(6);
        return switch (k) {
            case 0 -> 0;
            case 1 -> -1 - r.nextInt(5); // negative: as zero
            case 2 -> 1;
            default -> GRID * (1 + r.nextInt(4));
        };
    }

    private static Who whoInside(SplittableRandom r) {
        return r.nextInt(5) == 0 ? (r.nextBoolean() ? Who.P1 : Who.P2) : Who.LOOP;
    }

    /** A callback's script: usually empty; deeper scripts are shorter. */
    private static Script script(SplittableRandom r, int depth) {
        if (depth >= 2 || r.nextInt(100) < 55 + 20 * depth) return Script.EMPTY;
        int n = 1 + r.nextInt(3);
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) ops.add(inside(r, depth + 1));
        return new Script(ops);
    }

    private static Op inside(SplittableRandom r, int depth) {
        int k = r.nextInt(100);
        if (k < 22) return new Soon(whoInside(r), false, script(r, depth));
        if (k < 34) return new Later(whoInside(r), delay(r), script(r, depth));
        if (k < 38) return at(r, depth);
        if (k < 50) return new Cancel(whoInside(r), r.nextInt(1 << 16));
        if (k < 68) return new Advance(GRID * (1 + r.nextInt(3))); // a slow callback: spends budgets
        if (k < 80) return run(r); // nested runOnce, as a modal dialog's event loop does
        if (k < 84) return new CancelSelf();
        if (k < 92) return new Throw(throwKind(r));
        if (k < 95) return new Close(whoInside(r));
        return new Advance(0);
    }

    private static ThrowKind throwKind(SplittableRandom r) {
        int k = r.nextInt(10);
        return k < 5 ? ThrowKind.RUNTIME : k < 7 ? ThrowKind.ASSERTION : k < 9 ? ThrowKind.STACK_OVERFLOW : ThrowKind.FATAL;
    }

    // ---------------------------------------------------------------------------------------------
    // Shrinking
    // ---------------------------------------------------------------------------------------------

    /**
     * Smaller variants of this program, most aggressive first: drop halves, quarters, ... of the
     * top-level ops, drop single ops (at any depth), empty a script, halve a number.
     */
    List<Program> shrinkCandidates() {
        List<Program> out = new ArrayList<>();
        int n = ops.size();
        for (int chunk = n / 2; chunk >= 2; chunk /= 2) {
            for (int from = 0; from + chunk <= n; from += chunk) {
                List<Op> l = new ArrayList<>(ops.subList(0, from));
                l.addAll(ops.subList(from + chunk, n));
                out.add(new Program(seed, l));
            }
        }
        for (List<Op> l : variants(ops)) out.add(new Program(seed, l));
        return out;
    }

    /** Variants of a list of ops with one thing made smaller. */
    private static List<List<Op>> variants(List<Op> ops) {
        List<List<Op>> out = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            List<Op> l = new ArrayList<>(ops);
            l.remove(i);
            out.add(l);
        }
        for (int i = 0; i < ops.size(); i++) {
            for (Op smaller : smaller(ops.get(i))) {
                List<Op> l = new ArrayList<>(ops);
                l.set(i, smaller);
                out.add(l);
            }
        }
        return out;
    }

    private static List<Op> smaller(Op op) {
        List<Op> out = new ArrayList<>();
        Script b = body(op);
        if (b != null && !b.isEmpty()) {
            out.add(withBody(op, Script.EMPTY));
            for (List<Op> l : variants(b.ops())) out.add(withBody(op, new Script(l)));
        }
        if (op instanceof Soon s && s.who() != Who.LOOP) out.add(new Soon(Who.LOOP, s.viaExecute(), s.body()));
        if (op instanceof Later l) {
            if (l.delayNanos() != 0 && l.delayNanos() != HUGE) out.add(new Later(l.who(), halve(l.delayNanos()), l.body()));
            if (l.who() != Who.LOOP) out.add(new Later(Who.LOOP, l.delayNanos(), l.body()));
        }
        if (op instanceof At a && !a.absolute() && a.offset() != 0) out.add(new At(a.who(), halve(a.offset()), false, a.body()));
        if (op instanceof Advance a && a.nanos() > 1) out.add(new Advance(halve(a.nanos())));
        if (op instanceof Run r && r.budgeted()) out.add(new Run(-1, false));
        if (op instanceof Cancel c) {
            if (c.target() > 0) out.add(new Cancel(c.who(), c.target() / 2));
            if (c.who() != Who.LOOP) out.add(new Cancel(Who.LOOP, c.target()));
        }
        if (op instanceof Throw t && t.kind() != ThrowKind.RUNTIME) out.add(new Throw(ThrowKind.RUNTIME));
        if (op instanceof TimerBurst t && t.count() > 1) out.add(new TimerBurst(t.who(), t.count() / 2, t.mix()));
        if (op instanceof CancelMany c && c.count() > 1) out.add(new CancelMany(c.who(), c.from(), c.step(), c.count() / 2));
        if (op instanceof Burst f && f.count() > 1) {
            out.add(new Burst(f.who(), f.count() / 2, Math.min(f.slowAt(), f.count() / 2 - 1)));
            out.add(new Burst(f.who(), f.count() - 1, f.slowAt() > 0 ? f.slowAt() - 1 : 0));
        }
        return out;
    }

    /** Halves towards zero, staying on the grid when it was on it. */
    private static long halve(long v) {
        long h = v / 2;
        return (v % GRID == 0 && h % GRID != 0) ? h - h % GRID : h;
    }

    private static Op withBody(Op op, Script b) {
        if (op instanceof Soon s) return new Soon(s.who(), s.viaExecute(), b);
        if (op instanceof Later l) return new Later(l.who(), l.delayNanos(), b);
        if (op instanceof At a) return new At(a.who(), a.offset(), a.absolute(), b);
        return op;
    }

    // ---------------------------------------------------------------------------------------------
    // Printing
    // ---------------------------------------------------------------------------------------------

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("program seed=").append(seed).append(", ").append(size()).append(" ops:\n");
        print(sb, ops, 1);
        return sb.toString();
    }

    private static void print(StringBuilder sb, List<Op> ops, int indent) {
        for (Op op : ops) {
            sb.append("  ".repeat(indent)).append(describe(op));
            Script b = body(op);
            if (b != null && !b.isEmpty()) {
                sb.append(" {\n");
                print(sb, b.ops(), indent + 1);
                sb.append("  ".repeat(indent)).append("}");
            }
            sb.append('\n');
        }
    }

    static String describe(Op op) {
        if (op instanceof Soon s) return s.who() + ": " + (s.viaExecute() ? "execute" : "callSoon");
        if (op instanceof Later l) return l.who() + ": callLater(" + (l.delayNanos() == HUGE ? "Duration.ofSeconds(Long.MAX_VALUE)" : l.delayNanos() + " ns") + ")";
        if (op instanceof At a) return a.who() + ": callAt(" + (a.absolute() ? (a.offset() == Long.MAX_VALUE ? "Long.MAX_VALUE" : a.offset() == Long.MIN_VALUE ? "Long.MIN_VALUE" : String.valueOf(a.offset())) : "now " + (a.offset() < 0 ? "- " + -a.offset() : "+ " + a.offset())) + ")";
        if (op instanceof Cancel c) return c.who() + ": cancel callback #(" + c.target() + " mod created)";
        if (op instanceof Advance a) return "clock += " + a.nanos() + " ns";
        if (op instanceof Run r) return "runOnce(" + (r.budgeted() ? "budget " + r.budget() + " ns" : "") + ")";
        if (op instanceof Close c) return c.who() + ": close()";
        if (op instanceof Throw t) return "throw " + t.kind();
        if (op instanceof CancelSelf) return "cancel own handle";
        if (op instanceof TimerBurst t) return t.who() + ": " + t.count() + " x callLater(GRID * ((i * 7 + " + t.mix() + ") % 23) ns)";
        if (op instanceof CancelMany c) return c.who() + ": cancel callbacks #((" + c.from() + " + k * " + c.step() + ") mod created) for k < " + c.count();
        if (op instanceof Burst b) return b.who() + ": " + b.count() + " x callSoon" + (b.slowAt() < b.count() ? ", #" + b.slowAt() + " of them slow (" + SLOW + " ns)" : "");
        return op.toString();
    }
}
