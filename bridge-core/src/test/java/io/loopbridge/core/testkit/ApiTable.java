package io.loopbridge.core.testkit;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A table-driven bad-input test over a public API, built by reflection so that it cannot fall behind
 * the API: every public method and constructor declared by the given public types must have a
 * {@link #row}, and every row must match one (a new method without a row fails, and so does a row left
 * over from a removed one).
 *
 * <p>A row names the parameters, so that for each reference parameter the table calls the member with
 * null there and valid {@linkplain #sample samples} elsewhere, and expects a
 * {@link NullPointerException} whose message names it: {@code "<name>: null (expected: non-null)"} (or
 * another expectation after {@code "(expected: "}). A
 * parameter written {@code "?name"} may be null, one written {@code "!name"} is checked by the JDK with
 * its own message (a compiler-generated {@code Enum.valueOf}); the row says why, in {@link #nullLegal}.
 * {@code "-"} marks a primitive. {@link #bad} adds cases for negative, huge or out-of-thread arguments: each must
 * throw the given exception with a message containing the given text (or, with a null type, must be
 * accepted).
 *
 * <p>The key of a member is {@code Type#name(ParamType,...)} ({@code Type#<init>(...)} for a
 * constructor), where {@code Type} is the topmost API type declaring it: {@code GuestLoop.callSoon}
 * and {@code StandaloneLoop.callSoon} are both {@code EventLoop#callSoon(Runnable)}, and their rows are
 * checked on every receiver given.
 *
 * <p><b>Threading.</b> Build and run on one thread (the thread the receivers want calls on).
 */
public final class ApiTable {

    /** A call on a receiver (null for static members and constructors). */
    @FunctionalInterface
    public interface Call {
        void on(Object receiver) throws Throwable;
    }

    private record Case(String what, Call call, Class<? extends Throwable> expected, String messagePart) {}

    private static final class Row {
        final String[] params;
        final List<Case> cases = new ArrayList<>();
        String nullLegalBecause;
        boolean used;

        Row(String[] params) {
            this.params = params;
        }
    }

    private final Map<String, Set<Class<?>>> unsupported = new LinkedHashMap<>();
    private final Set<Class<?>> apiTypes = new LinkedHashSet<>();
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Map<Class<?>, Supplier<?>> samples = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private int callsMade;

    /** The public types whose declared public members the table must cover. */
    public ApiTable api(Class<?>... types) {
        apiTypes.addAll(Arrays.asList(types));
        return this;
    }

    /** A valid value for parameters of {@code type} (matched exactly, then by assignability). */
    public <T> ApiTable sample(Class<T> type, Supplier<? extends T> value) {
        samples.put(type, value);
        return this;
    }

    /** The row of the member {@code key}; {@code params} name its parameters ("?name": null legal, "-": primitive). */
    public ApiTable row(String key, String... params) {
        if (rows.put(key, new Row(params)) != null) problems.add("two rows for " + key);
        return this;
    }

    /** Says why the {@code ?}-parameters of {@code key} may be null (required when a row has one). */
    public ApiTable nullLegal(String key, String because) {
        row(key).nullLegalBecause = because;
        return this;
    }

    /** A bad-input case of {@code key}: must throw {@code expected} with {@code messagePart} in its message (null: must be accepted). */
    public ApiTable bad(String key, String what, Call call, Class<? extends Throwable> expected, String messagePart) {
        row(key).cases.add(new Case(what, call, expected, messagePart));
        return this;
    }

    /**
     * Receivers of {@code receiverType} do not support {@code key} at all (a Task cannot be completed
     * from outside): there every call must throw {@link UnsupportedOperationException}, null or not.
     */
    public ApiTable unsupportedOn(String key, Class<?> receiverType) {
        row(key);
        unsupported.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(receiverType);
        return this;
    }

    private Row row(String key) {
        Row r = rows.get(key);
        if (r == null) throw new IllegalArgumentException("no row " + key + " (add it with row() first)");
        return r;
    }

    // ---------------------------------------------------------------------------------------------
    // Keys
    // ---------------------------------------------------------------------------------------------

    /** The public members declared by {@code type} (no bridges, no synthetic ones). */
    public static List<Executable> declaredPublicMembers(Class<?> type) {
        List<Executable> out = new ArrayList<>();
        for (Constructor<?> c : type.getDeclaredConstructors()) if (Modifier.isPublic(c.getModifiers())) out.add(c);
        for (Method m : type.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.isBridge() && !m.isSynthetic()) out.add(m);
        }
        return out;
    }

    private static String params(Executable e) {
        StringBuilder sb = new StringBuilder();
        for (Class<?> p : e.getParameterTypes()) {
            if (sb.length() > 0) sb.append(',');
            sb.append(p.getSimpleName());
        }
        return sb.toString();
    }

    /** The member's key (see the class javadoc). */
    public String key(Executable e) {
        if (e instanceof Constructor) return e.getDeclaringClass().getSimpleName() + "#<init>(" + params(e) + ")";
        Method m = (Method) e;
        Class<?> top = m.getDeclaringClass();
        if (!Modifier.isStatic(m.getModifiers())) {
            for (Class<?> t : supertypes(m.getDeclaringClass())) {
                if (!apiTypes.contains(t)) continue;
                try {
                    t.getDeclaredMethod(m.getName(), m.getParameterTypes());
                    if (t.isAssignableFrom(top)) top = t;
                } catch (NoSuchMethodException ignored) {
                    // not declared there
                }
            }
        }
        return top.getSimpleName() + "#" + m.getName() + "(" + params(m) + ")";
    }

    private static List<Class<?>> supertypes(Class<?> c) {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> t = c; t != null; t = t.getSuperclass()) {
            out.add(t);
            for (Class<?> i : t.getInterfaces()) addInterfaces(i, out);
        }
        return out;
    }

    private static void addInterfaces(Class<?> i, List<Class<?>> out) {
        if (out.contains(i)) return;
        out.add(i);
        for (Class<?> j : i.getInterfaces()) addInterfaces(j, out);
    }

    // ---------------------------------------------------------------------------------------------
    // Running
    // ---------------------------------------------------------------------------------------------

    /**
     * Checks coverage (every API member has a row, every row a member) and runs the rows: the null
     * cases of each instance method on each receiver whose class has it, static methods and
     * constructors once, and the bad-input cases. Returns the problems found (empty: all good).
     *
     * @param receivers a fresh receiver for each API type that has instance methods (the key: that type)
     */
    public List<String> run(Map<Class<?>, Supplier<?>> receivers) {
        List<String> out = new ArrayList<>(problems);
        Map<String, List<Executable>> members = new LinkedHashMap<>();
        for (Class<?> t : apiTypes) {
            for (Executable e : declaredPublicMembers(t)) members.computeIfAbsent(key(e), k -> new ArrayList<>()).add(e);
        }
        for (String k : members.keySet()) if (!rows.containsKey(k)) out.add("no row for the public member " + k);
        for (String k : rows.keySet()) if (!members.containsKey(k)) out.add("a row for no public member: " + k);
        for (Map.Entry<String, Row> r : rows.entrySet()) {
            boolean anyLegal = false;
            for (String p : r.getValue().params) anyLegal |= p.startsWith("?") || p.startsWith("!");
            if (anyLegal && r.getValue().nullLegalBecause == null) out.add(r.getKey() + ": a parameter may be null, but the row does not say why");
        }
        if (!out.isEmpty()) return out;

        for (Map.Entry<String, List<Executable>> m : members.entrySet()) {
            Row row = rows.get(m.getKey());
            for (Executable e : m.getValue()) {
                if (e.getParameterCount() != row.params.length) {
                    out.add(m.getKey() + ": the row names " + row.params.length + " parameters, the member has " + e.getParameterCount());
                    continue;
                }
                if (e instanceof Constructor || Modifier.isStatic(e.getModifiers())) {
                    nullCases(m.getKey(), e, () -> null, row, out);
                } else {
                    for (Map.Entry<Class<?>, Supplier<?>> rc : receivers.entrySet()) {
                        if (e.getDeclaringClass().isAssignableFrom(rc.getKey())) {
                            Method onReceiver = methodOn(rc.getKey(), (Method) e);
                            String what = m.getKey() + " on " + rc.getKey().getSimpleName();
                            if (unsupported.getOrDefault(m.getKey(), Set.of()).contains(rc.getKey())) {
                                unsupportedCases(what, onReceiver, rc.getValue(), row, out);
                            } else {
                                nullCases(what, onReceiver, rc.getValue(), row, out);
                            }
                        }
                    }
                }
            }
            for (Case c : row.cases) runCase(m.getKey(), c, out);
        }
        for (Map.Entry<String, Row> r : rows.entrySet()) {
            boolean refs = false;
            for (String p : r.getValue().params) refs |= !p.equals("-") && !p.startsWith("?") && !p.startsWith("!");
            if (refs && !r.getValue().used) out.add(r.getKey() + ": no receiver was given to check it on");
        }
        return out;
    }

    /** How many calls the last run made. */
    public int callsMade() {
        return callsMade;
    }

    private static Method methodOn(Class<?> receiverType, Method m) {
        try {
            return receiverType.getMethod(m.getName(), m.getParameterTypes());
        } catch (NoSuchMethodException e) {
            return m;
        }
    }

    private void nullCases(String what, Executable e, Supplier<?> receiver, Row row, List<String> out) {
        row.used = true;
        Class<?>[] types = e.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            String name = row.params[i];
            if (types[i].isPrimitive()) {
                if (!name.equals("-")) out.add(what + ": parameter " + i + " is primitive; name it \"-\"");
                continue;
            }
            if (name.startsWith("!")) continue; // checked by the JDK with its own message (the row says why)
            Object[] args = new Object[types.length];
            for (int j = 0; j < types.length; j++) if (j != i) args[j] = sampleOf(types[j], what);
            Throwable thrown = invoke(e, receiver.get(), args);
            String expected = name.replace("?", "") + ": null (expected: ";
            if (name.startsWith("?")) {
                if (thrown instanceof NullPointerException) out.add(what + ": null " + name + " is legal, but threw " + thrown);
            } else if (!(thrown instanceof NullPointerException)) {
                out.add(what + ": null " + name + " " + (thrown == null ? "was accepted" : "threw " + thrown + " (expected: NullPointerException)"));
            } else if (thrown.getMessage() == null || !thrown.getMessage().startsWith(expected)) {
                out.add(what + ": null " + name + " threw NPE \"" + thrown.getMessage() + "\" (expected: \"" + expected + "non-null)\")");
            }
        }
    }

    private void unsupportedCases(String what, Executable e, Supplier<?> receiver, Row row, List<String> out) {
        row.used = true;
        Class<?>[] types = e.getParameterTypes();
        for (int i = -1; i < types.length; i++) { // all valid, then each reference one null
            if (i >= 0 && types[i].isPrimitive()) continue;
            Object[] args = new Object[types.length];
            for (int j = 0; j < types.length; j++) if (j != i) args[j] = sampleOf(types[j], what);
            Throwable thrown = invoke(e, receiver.get(), args);
            if (!(thrown instanceof UnsupportedOperationException)) {
                out.add(what + (i < 0 ? "" : " (null " + row.params[i] + ")") + ": unsupported there, but " + (thrown == null ? "was accepted" : "threw " + thrown));
            }
        }
    }

    private Throwable invoke(Executable e, Object receiver, Object[] args) {
        callsMade++;
        try {
            if (e instanceof Constructor<?> c) c.newInstance(args);
            else ((Method) e).invoke(receiver, args);
            return null;
        } catch (InvocationTargetException x) {
            return x.getCause();
        } catch (ReflectiveOperationException | IllegalArgumentException x) {
            return new AssertionError("could not call " + e + ": " + x, x);
        }
    }

    private Object sampleOf(Class<?> type, String what) {
        if (type == boolean.class) return true;
        if (type == int.class) return 1;
        if (type == long.class) return 1L;
        if (type == double.class) return 0.5;
        Supplier<?> s = samples.get(type);
        if (s == null) {
            for (Map.Entry<Class<?>, Supplier<?>> e : samples.entrySet()) {
                if (type.isAssignableFrom(e.getKey())) {
                    s = e.getValue();
                    break;
                }
            }
        }
        if (s == null) throw new IllegalStateException(what + ": no sample for parameters of type " + type.getName());
        return s.get();
    }

    private void runCase(String key, Case c, List<String> out) {
        callsMade++;
        Throwable thrown = null;
        try {
            c.call().on(null);
        } catch (Throwable t) {
            thrown = t;
        }
        String what = key + " (" + c.what() + ")";
        if (c.expected() == null) {
            if (thrown != null) out.add(what + ": should be accepted, threw " + thrown);
        } else if (thrown == null) {
            out.add(what + ": accepted (expected: " + c.expected().getSimpleName() + ")");
        } else if (!c.expected().isInstance(thrown)) {
            out.add(what + ": threw " + thrown + " (expected: " + c.expected().getSimpleName() + ")");
        } else if (c.messagePart() != null && (thrown.getMessage() == null || !thrown.getMessage().contains(c.messagePart()))) {
            out.add(what + ": message \"" + thrown.getMessage() + "\" does not say \"" + c.messagePart() + "\"");
        }
    }

    /** Runs {@code r} on a new thread and rethrows what it threw (for out-of-thread cases). */
    public static void onOtherThread(Call r) throws Throwable {
        Throwable[] t = new Throwable[1];
        Thread th = new Thread(() -> {
            try {
                r.on(null);
            } catch (Throwable e) {
                t[0] = e;
            }
        }, "not-the-loop-thread");
        th.start();
        th.join();
        if (t[0] != null) throw t[0];
    }

}
