package io.loopbridge.core.internal.io;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Starts the threads that pump a process's pipes (the JDK gives pipes no selectable channel): virtual
 * threads on JDK 21+, found reflectively because the library is compiled for release 17 (as
 * {@code DefaultExecutors} does), daemon platform threads before, so a pump never keeps the JVM alive.
 * Each is named {@code "<loop>-pipe-<pid>-<stream>"} and ends with its pipe.
 *
 * <p><b>Threading.</b> Safe from any thread.
 */
final class Pumps {
    /** {@code Thread.ofVirtual()} on JDK 21+, else null. */
    private static final MethodHandle OF_VIRTUAL;
    private static final MethodHandle NAME;
    private static final MethodHandle START;

    static {
        MethodHandle of = null, name = null, start = null;
        try {
            MethodHandles.Lookup l = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            of = l.findStatic(Thread.class, "ofVirtual", MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")));
            name = l.findVirtual(builder, "name", MethodType.methodType(builder, String.class));
            start = l.findVirtual(builder, "start", MethodType.methodType(Thread.class, Runnable.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            of = null; // JDK 17..20 (or a restricted runtime): platform threads
        }
        OF_VIRTUAL = of;
        NAME = name;
        START = start;
    }

    private Pumps() {}

    /** Whether pumps run on virtual threads. */
    static boolean virtual() {
        return OF_VIRTUAL != null;
    }

    static Thread start(String name, Runnable body) {
        if (OF_VIRTUAL != null) {
            try {
                Object b = OF_VIRTUAL.invoke();
                b = NAME.invoke(b, name);
                return (Thread) START.invoke(b, body);
            } catch (Throwable e) {
                // fall through to a platform thread
            }
        }
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
