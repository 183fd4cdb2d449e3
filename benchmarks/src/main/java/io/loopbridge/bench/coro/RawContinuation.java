package io.loopbridge.bench.coro;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The JDK's bare {@code jdk.internal.vm.Continuation}, as the baseline of the coroutine benchmarks: what
 * issue 14 measured (run + yield, bytes per suspended continuation), with nothing of LoopBridge around it.
 * Reached through method handles, as the library does. Initialise only where coroutines run
 * ({@link CoroutineBench#requireSupport()} first).
 *
 * <p><b>Threading.</b> A continuation is confined to the thread that runs it.
 */
final class RawContinuation {
    private static final MethodHandle NEW;
    private static final MethodHandle RUN;
    private static final MethodHandle YIELD;
    private static final Object SCOPE;

    static {
        try {
            Class<?> cont = Class.forName("jdk.internal.vm.Continuation", false, null);
            Class<?> scope = Class.forName("jdk.internal.vm.ContinuationScope", false, null);
            MethodHandles.Lookup l = MethodHandles.lookup();
            SCOPE = l.findConstructor(scope, MethodType.methodType(void.class, String.class)).invoke("bench");
            NEW = l.findConstructor(cont, MethodType.methodType(void.class, scope, Runnable.class))
                    .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
            RUN = l.findVirtual(cont, "run", MethodType.methodType(void.class)).asType(MethodType.methodType(void.class, Object.class));
            YIELD = l.findStatic(cont, "yield", MethodType.methodType(boolean.class, scope))
                    .asType(MethodType.methodType(boolean.class, Object.class));
        } catch (Throwable t) {
            throw new ExceptionInInitializerError(t);
        }
    }

    private RawContinuation() {}

    static Object create(Runnable body) {
        try {
            return (Object) NEW.invokeExact(SCOPE, body);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void run(Object continuation) {
        try {
            RUN.invokeExact(continuation);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void yieldNow() {
        try {
            boolean ignored = (boolean) YIELD.invokeExact(SCOPE);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
