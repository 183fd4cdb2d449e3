package io.loopbridge.core.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Whether this JVM can run {@link Coroutine}s, and why not: the one place that touches
 * {@code jdk.internal.vm.Continuation} by name. Not API.
 *
 * <p>Coroutines need JDK 21 or newer (where {@code jdk.internal.vm.Continuation} is the VM's own,
 * non-preview mechanism behind virtual threads) and the package {@code java.base/jdk.internal.vm}
 * exported to LoopBridge at run time:
 * <ul>
 *   <li>module path: {@value #EXPORT_MODULE_PATH};</li>
 *   <li>class path: {@value #EXPORT_CLASS_PATH}.</li>
 * </ul>
 * The library is compiled with {@code --release 17}, which forbids {@code --add-exports}: every use goes
 * through {@link MethodHandle}s looked up here, after the checks below passed, so a JVM that cannot run
 * coroutines never links the class and never sees {@code NoClassDefFoundError} or
 * {@code IllegalAccessError}; it gets {@link #unsupported(String)} with {@link #reason()} instead.
 *
 * <p>The probe, in order, each step only if the previous one passed (the order matters: measured in issue
 * 14, each later step would throw on the JVMs the earlier one rules out):
 * <ol>
 *   <li>{@code Runtime.version().feature() >= 21};</li>
 *   <li>{@code Class.forName("jdk.internal.vm.Continuation", false, null)}: loaded, not initialised;</li>
 *   <li>{@code Object.class.getModule().isExported("jdk.internal.vm", ourModule)}, where our module is
 *       {@code io.loopbridge.core} on the module path and the unnamed module on the class path;</li>
 *   <li>{@code ContinuationSupport.isSupported()} (false on a VM port without continuations);</li>
 *   <li>the method handles {@link Coroutine} needs: a JDK that renamed one is reported, not crashed on.</li>
 * </ol>
 *
 * <p><b>Threading.</b> Safe from any thread. The probe runs once, when this class is initialised; its
 * result never changes for the life of the JVM (exports are fixed at start-up, or by
 * {@code Module.addExports} from {@code java.base} itself, which nothing does).
 */
public final class CoroutineSupport {
    /** The JVM option that enables coroutines when LoopBridge is on the module path. */
    public static final String EXPORT_MODULE_PATH = "--add-exports java.base/jdk.internal.vm=io.loopbridge.core";
    /** The JVM option that enables coroutines when LoopBridge is on the class path. */
    public static final String EXPORT_CLASS_PATH = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";
    /** The first JDK feature release whose continuations are the VM's own, not a preview. */
    static final int MIN_FEATURE = 21;

    private static final String CONTINUATION = "jdk.internal.vm.Continuation";
    private static final String SCOPE = "jdk.internal.vm.ContinuationScope";
    private static final String VM_SUPPORT = "jdk.internal.vm.ContinuationSupport";

    /** The probe's result: {@link #HANDLES} is non-null exactly when {@link #REASON} says "supported". */
    private static final String REASON;
    private static final Handles HANDLES;

    static {
        Handles h = null;
        String reason;
        try {
            h = probe();
            reason = "coroutines are supported: JDK " + Runtime.version() + ", java.base/jdk.internal.vm exported to "
                    + moduleName(CoroutineSupport.class.getModule());
        } catch (Unsupported u) {
            reason = u.getMessage();
        }
        REASON = reason;
        HANDLES = h;
    }

    private CoroutineSupport() {}

    /** Whether this JVM can run coroutines. Any thread. */
    public static boolean isSupported() {
        return HANDLES != null;
    }

    /**
     * A sentence for people: why coroutines cannot run here and the exact option that enables them, or,
     * when they can, which JDK and export made it so. Any thread.
     */
    public static String reason() {
        return REASON;
    }

    /**
     * The exception for an operation that needs coroutines on a JVM that cannot run them:
     * {@code "<operation> is unavailable: <reason>"}, for example {@code "launch is unavailable: coroutines
     * need JDK 21 or newer ..."}. Any thread.
     */
    public static UnsupportedOperationException unsupported(String operation) {
        return new UnsupportedOperationException(operation + " is unavailable: " + REASON);
    }

    /** The handles, or {@link #unsupported(String)} for {@code operation}. Any thread. */
    static Handles handles(String operation) {
        if (HANDLES == null) throw unsupported(operation);
        return HANDLES;
    }

    /**
     * The reason for a JVM where {@code jdk.internal.vm} is not exported to {@code ours}: both options,
     * the one that applies to how LoopBridge was loaded first. Package-private for the tests, which run
     * on the class path and check the module-path wording too.
     */
    static String notExportedReason(Module ours) {
        String applies = ours.isNamed()
                ? "LoopBridge is on the module path (module " + ours.getName() + "), so start the JVM with " + EXPORT_MODULE_PATH
                        + " (on the class path it would be " + EXPORT_CLASS_PATH + ")"
                : "LoopBridge is on the class path, so start the JVM with " + EXPORT_CLASS_PATH
                        + " (on the module path it would be " + EXPORT_MODULE_PATH + ")";
        return "coroutines need java.base's package jdk.internal.vm exported to LoopBridge, and this JVM (JDK " + Runtime.version()
                + ") does not export it to " + moduleName(ours) + ": " + applies + "; no other flag is needed (no --enable-preview)";
    }

    /** The reason for a JDK older than {@value #MIN_FEATURE}. Package-private for the tests. */
    static String tooOldReason(Runtime.Version version) {
        return "coroutines need JDK " + MIN_FEATURE + " or newer (this is JDK " + version + "), started with "
                + EXPORT_MODULE_PATH + " (LoopBridge on the module path) or " + EXPORT_CLASS_PATH + " (on the class path)";
    }

    private static String moduleName(Module m) {
        return m.isNamed() ? m.getName() : "the unnamed module (ALL-UNNAMED)";
    }

    private static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    private static Handles probe() throws Unsupported {
        Runtime.Version version = Runtime.version();
        if (version.feature() < MIN_FEATURE) throw new Unsupported(tooOldReason(version));
        Class<?> cont;
        Class<?> scope;
        Class<?> vmSupport;
        try {
            // initialize = false: loading links nothing; a JVM without the export never initialises the class
            cont = Class.forName(CONTINUATION, false, null);
            scope = Class.forName(SCOPE, false, null);
            vmSupport = Class.forName(VM_SUPPORT, false, null);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new Unsupported("this JDK (" + Runtime.version() + ", " + System.getProperty("java.vm.name")
                    + ") has no " + e.getMessage() + ": coroutines need the OpenJDK continuation classes of JDK " + MIN_FEATURE + "+");
        }
        Module ours = CoroutineSupport.class.getModule();
        if (!Object.class.getModule().isExported("jdk.internal.vm", ours)) throw new Unsupported(notExportedReason(ours));
        MethodHandles.Lookup l = MethodHandles.lookup();
        try {
            boolean vmOk = (boolean) l.findStatic(vmSupport, "isSupported", MethodType.methodType(boolean.class)).invoke();
            if (!vmOk) {
                throw new Unsupported("this JVM (" + System.getProperty("java.vm.name") + " " + Runtime.version() + " on "
                        + System.getProperty("os.arch") + ") does not implement continuations (ContinuationSupport.isSupported() is false)");
            }
            MethodHandle newScope = l.findConstructor(scope, MethodType.methodType(void.class, String.class))
                    .asType(MethodType.methodType(Object.class, String.class));
            MethodHandle newCont = l.findConstructor(cont, MethodType.methodType(void.class, scope, Runnable.class))
                    .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
            MethodHandle run = l.findVirtual(cont, "run", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
            MethodHandle yield = l.findStatic(cont, "yield", MethodType.methodType(boolean.class, scope))
                    .asType(MethodType.methodType(boolean.class, Object.class));
            return new Handles(newScope, newCont, run, yield);
        } catch (Unsupported u) {
            throw u;
        } catch (Throwable t) {
            throw new Unsupported("this JDK's jdk.internal.vm.Continuation is not the one LoopBridge knows (JDK " + MIN_FEATURE
                    + " to 25): " + t);
        }
    }

    /**
     * The method handles onto {@code jdk.internal.vm}, typed with {@code Object} for the JDK's types (which
     * {@code --release 17} cannot name). Used through {@link Coroutine}'s {@code static final} copies, so
     * the JIT inlines them like direct calls.
     */
    static final class Handles {
        /** {@code (String name) -> ContinuationScope} */
        final MethodHandle newScope;
        /** {@code (ContinuationScope, Runnable) -> Continuation} */
        final MethodHandle newContinuation;
        /** {@code Continuation.run()}: {@code (Continuation) -> void} */
        final MethodHandle run;
        /** {@code Continuation.yield(scope)}: {@code (ContinuationScope) -> boolean} */
        final MethodHandle yield;

        Handles(MethodHandle newScope, MethodHandle newContinuation, MethodHandle run, MethodHandle yield) {
            this.newScope = newScope;
            this.newContinuation = newContinuation;
            this.run = run;
            this.yield = yield;
        }
    }
}
