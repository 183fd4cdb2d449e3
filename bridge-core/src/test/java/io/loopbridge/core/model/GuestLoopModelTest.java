package io.loopbridge.core.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Model-based randomized testing of {@code GuestLoop}: random {@link Program}s run against a real loop
 * and the {@link ReferenceModel} in step ({@link ModelRunner}). A failure prints the program's seed, a
 * shrunk program and its trace.
 *
 * <ul>
 *   <li>{@code mvn verify}: 1,000 programs from a fixed base seed (a few seconds).</li>
 *   <li>Long mode: {@code -Dloopbridge.model.programs=1000000} (any count; add
 *       {@code -Dloopbridge.model.seed=<n>} for a base seed, or {@code random}; past the test JVM's
 *       7-minute bound add {@code -Dloopbridge.forkTimeout=3600}: 100,000 programs take ~26 s on a quiet
 *       machine, a million took 14 min on a loaded one).</li>
 *   <li>Replay one program: {@code -Dloopbridge.model.replay=<program seed>} prints its trace.</li>
 * </ul>
 * Peers: Trio's and asyncio's event loops are tested by hand-written scenarios; this is the
 * QuickCheck/Hypothesis "stateful testing" idea (a model, random command sequences, shrinking),
 * written out in ~50 lines of shrinker instead of a library (see {@code docs/reliability.md}).
 */
@Timeout(120)
class GuestLoopModelTest {
    static final String PROGRAMS = "loopbridge.model.programs";
    static final String SEED = "loopbridge.model.seed";
    static final String REPLAY = "loopbridge.model.replay";
    private static final long DEFAULT_SEED = 0x100B_B41D_6EL;
    private static final int DEFAULT_PROGRAMS = 1_000;
    private static final int MAX_OPS = 60;
    /** Program {@code i}'s seed: the base seed plus {@code i} golden-ratio steps (SplittableRandom's gamma). */
    private static final long GAMMA = 0x9E37_79B9_7F4A_7C15L;

    @Test
    @DisabledIfSystemProperty(named = PROGRAMS, matches = ".+")
    @DisabledIfSystemProperty(named = REPLAY, matches = ".+")
    void aThousandRandomProgramsAgreeWithTheReferenceModel() {
        runPrograms(DEFAULT_PROGRAMS, seedFromProperty());
    }

    /** Long mode: {@code -Dloopbridge.model.programs=N}. */
    @Test
    @EnabledIfSystemProperty(named = PROGRAMS, matches = ".+")
    @Timeout(value = 24, unit = TimeUnit.HOURS)
    void manyRandomProgramsAgreeWithTheReferenceModel() {
        runPrograms(Long.parseLong(System.getProperty(PROGRAMS).replace("_", "")), seedFromProperty());
    }

    /** {@code -Dloopbridge.model.replay=<program seed>}: one program, with its trace printed. */
    @Test
    @EnabledIfSystemProperty(named = REPLAY, matches = ".+")
    void replayOneProgram() {
        Program p = Program.generate(Long.decode(System.getProperty(REPLAY)), MAX_OPS);
        try (ModelRunner runner = new ModelRunner()) {
            StringBuilder trace = new StringBuilder();
            String failure = runner.run(p, trace);
            System.out.println(p + "\ntrace:\n" + trace);
            if (failure != null) fail(report(runner, p, failure));
        }
    }

    private static long seedFromProperty() {
        String s = System.getProperty(SEED);
        if (s == null) return DEFAULT_SEED;
        if (s.equals("random")) return ThreadLocalRandom.current().nextLong();
        return Long.decode(s);
    }

    private static void runPrograms(long count, long baseSeed) {
        System.out.printf("[model] %,d programs of up to %d ops from base seed %d%n", count, MAX_OPS, baseSeed);
        long t0 = System.nanoTime();
        try (ModelRunner runner = new ModelRunner()) {
            for (long i = 0; i < count; i++) {
                long seed = baseSeed + i * GAMMA;
                Program p = Program.generate(seed, MAX_OPS);
                String failure = runner.run(p, null);
                if (failure != null) fail(report(runner, p, failure));
                if (count >= 100_000 && (i + 1) % 100_000 == 0) {
                    System.out.printf("[model] %,d programs, %,d operations so far%n", i + 1, runner.operations.get());
                }
            }
            System.out.printf("[model] %,d programs, %,d operations agreed with the model in %.1f s%n",
                    count, runner.operations.get(), (System.nanoTime() - t0) / 1e9);
            runner.coverage.forEach((k, v) -> System.out.printf("[model]   %-45s %,d%n", k, v));
        }
    }

    /** Shrinks a failing program and describes it: seed, shrunk program, its trace. */
    static String report(ModelRunner runner, Program failing, String failure) {
        Program smallest = failing;
        String why = failure;
        int attempts = 0;
        boolean progress = true;
        while (progress && attempts < 20_000) {
            progress = false;
            for (Program candidate : smallest.shrinkCandidates()) {
                attempts++;
                String f = runner.run(candidate, null);
                if (f != null) {
                    smallest = candidate;
                    why = f;
                    progress = true;
                    break;
                }
            }
        }
        StringBuilder trace = new StringBuilder();
        runner.run(smallest, trace);
        return "the loop disagreed with the model: " + failure
                + "\nprogram seed " + failing.seed + " (replay: -D" + REPLAY + "=" + failing.seed + "), " + failing.size() + " ops"
                + "\nshrunk in " + attempts + " attempts to:\n" + smallest
                + "which fails with: " + why + "\ntrace:\n" + trace;
    }

    // ---------------------------------------------------------------------------------------------
    // The checker checks: hand-made programs that a correct loop passes, and the shrinker shrinks
    // ---------------------------------------------------------------------------------------------

    @Test
    void theShrinkerReducesAProgramToTheOpsThatMatter() {
        // a fake "failure": any program that still closes the loop from P1 after a timer was scheduled
        Program p = Program.generate(42, MAX_OPS);
        List<Program.Op> ops = new java.util.ArrayList<>(p.ops);
        ops.add(new Program.Later(Program.Who.LOOP, 3000, Program.Script.EMPTY));
        ops.add(new Program.Close(Program.Who.P1));
        Program failing = new Program(42, ops);
        Program smallest = failing;
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Program c : smallest.shrinkCandidates()) {
                if (closesAfterATimer(c)) {
                    smallest = c;
                    progress = true;
                    break;
                }
            }
        }
        assertEquals(2, smallest.size(), smallest.toString());
        assertTrue(smallest.ops.get(1) instanceof Program.Close, smallest.toString());
    }

    private static boolean closesAfterATimer(Program p) {
        boolean timer = false;
        for (Program.Op op : p.ops) {
            if (op instanceof Program.Later || op instanceof Program.At) timer = true;
            if (op instanceof Program.Close c && c.who() == Program.Who.P1 && timer) return true;
        }
        return false;
    }

    @Test
    void programsAreReproducibleFromTheirSeed() {
        assertEquals(Program.generate(7, MAX_OPS).toString(), Program.generate(7, MAX_OPS).toString());
        try (ModelRunner runner = new ModelRunner()) {
            StringBuilder a = new StringBuilder();
            StringBuilder b = new StringBuilder();
            runner.run(Program.generate(7, MAX_OPS), a);
            runner.run(Program.generate(7, MAX_OPS), b);
            assertEquals(a.toString(), b.toString());
        }
    }

    @Test
    void theRunnerCatchesALoopThatBreaksTheModel() {
        // a callback that runs its own handle's callback twice cannot be built through the API; instead
        // check the runner on a wrong expectation: a program is replayed against a model it must match,
        // and a deliberately inconsistent cancel (the handle cancelled behind the model's back) is caught
        try (ModelRunner runner = new ModelRunner()) {
            Program p = new Program(1, List.of(
                    new Program.Soon(Program.Who.LOOP, false, Program.Script.EMPTY),
                    new Program.Run(-1, false)));
            String ok = runner.run(p, null);
            assertEquals(null, ok);
            String f = runner.runSabotaged(p);
            assertNotNull(f, "the runner did not notice a callback that never ran");
        }
    }
}
