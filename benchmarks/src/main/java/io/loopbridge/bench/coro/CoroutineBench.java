package io.loopbridge.bench.coro;

import io.loopbridge.core.internal.CoroutineSupport;

/**
 * Whether the coroutine benchmarks can run in this JVM, for {@code benchmarks/run.sh} and the smoke test:
 * {@code java -cp benchmarks.jar io.loopbridge.bench.coro.CoroutineBench} prints {@code supported: ...}
 * and exits 0, or prints {@code skipped: <reason>} (which names the JDK requirement and the flag) and
 * exits 3. The JVM options the coroutine benchmarks' own JVMs (JMH forks, footprint children) start with
 * are {@link #JVM_ARGS}.
 *
 * <p><b>Threading.</b> Stateless.
 */
public final class CoroutineBench {
    /** The export, as JVM arguments (the benchmarks run on the class path). */
    static final String[] JVM_ARGS = {"--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"};
    static final int UNSUPPORTED_EXIT = 3;

    private CoroutineBench() {}

    /** Null when coroutines run here, else why not. */
    public static String skipReason() {
        return CoroutineSupport.isSupported() ? null : CoroutineSupport.reason();
    }

    /** For a benchmark's set-up: fails the run with the reason where coroutines do not run. */
    static void requireSupport() {
        String why = skipReason();
        if (why != null) throw new IllegalStateException("coroutine benchmarks cannot run here: " + why);
    }

    public static void main(String[] args) {
        String why = skipReason();
        if (why == null) {
            System.out.println("supported: " + CoroutineSupport.reason());
        } else {
            System.out.println("skipped: " + why);
            System.exit(UNSUPPORTED_EXIT);
        }
    }
}
