package io.loopbridge.core.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The public API of a module as text, one line per type and member, so that a change to it shows up in a
 * review and a test fails when it changes unintentionally (kotlinx's binary-compatibility-validator
 * {@code .api} dumps do the same). What counts: every public or protected type, constructor, method and
 * field of the packages the module's {@code module-info} exports (unqualified), with generic signatures,
 * {@code sealed ... permits}, and nested types. Read from the module's compiled classes by reflection.
 *
 * <p>{@link #assertMatches} compares with the listing checked in at {@code api/<name>.api} in the
 * module's directory; run the build with {@code -Dloopbridge.api.update=true} to write the file instead,
 * after a change that is meant.
 *
 * <p><b>Threading.</b> Test code; one call at a time.
 */
public final class ApiListing {
    public static final String UPDATE = "loopbridge.api.update";

    private ApiListing() {}

    /** The listing of the module whose classes include {@code anchor}. */
    public static List<String> of(Class<?> anchor) throws IOException {
        Path root = classesRoot(anchor);
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(root.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        List<String> exported = module.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).sorted().collect(Collectors.toList());
        List<String> out = new ArrayList<>();
        out.add("module " + module.name());
        for (String pkg : exported) {
            out.add("");
            out.add("package " + pkg);
            Path dir = root.resolve(pkg.replace('.', '/'));
            List<Class<?>> types = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                    String n = f.getFileName().toString();
                    if (!n.endsWith(".class") || n.contains("$") || n.equals("package-info.class")) continue;
                    types.add(load(anchor, pkg + "." + n.substring(0, n.length() - 6)));
                }
            }
            for (Class<?> c : types) if (Modifier.isPublic(c.getModifiers())) describe(c, "", out);
        }
        return out;
    }

    private static Class<?> load(Class<?> anchor, String name) {
        try {
            return Class.forName(name, false, anchor.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot load " + name, e);
        }
    }

    private static Path classesRoot(Class<?> anchor) {
        try {
            Path p = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isDirectory(p)) throw new IllegalStateException("expected a classes directory, got " + p);
            return p;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void describe(Class<?> c, String indent, List<String> out) {
        StringBuilder head = new StringBuilder(indent).append(typeHeader(c));
        out.add(head.toString());
        Set<String> members = new TreeSet<>();
        boolean extensible = !Modifier.isFinal(c.getModifiers()) && !c.isEnum() && !c.isRecord();
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (k.isSynthetic()) continue;
            if (Modifier.isPublic(k.getModifiers()) || (extensible && Modifier.isProtected(k.getModifiers()))) {
                members.add(k.toGenericString());
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (m.isSynthetic() || m.isBridge()) continue;
            if (Modifier.isPublic(m.getModifiers()) || (extensible && Modifier.isProtected(m.getModifiers()))) {
                members.add(m.toGenericString());
            }
        }
        for (Field f : c.getDeclaredFields()) {
            if (f.isSynthetic()) continue;
            if (Modifier.isPublic(f.getModifiers()) || (extensible && Modifier.isProtected(f.getModifiers()))) {
                members.add(f.toGenericString());
            }
        }
        String sub = indent + "  ";
        for (String m : members) out.add(sub + m.replace(c.getName() + ".", ""));
        Class<?>[] nested = c.getDeclaredClasses();
        Arrays.sort(nested, (a, b) -> a.getName().compareTo(b.getName()));
        for (Class<?> n : nested) {
            if (n.isSynthetic() || !visible(n.getModifiers())) continue;
            if (Modifier.isProtected(n.getModifiers()) && !extensible) continue;
            describe(n, sub, out);
        }
    }

    private static String typeHeader(Class<?> c) {
        // modifiers, kind, name, type parameters; newer JDKs print sealed/non-sealed themselves, JDK 17 does
        // not: drop them and say it the same way on every JDK
        String s = c.toGenericString().replace("non-sealed ", "").replace("sealed ", "");
        StringBuilder b = new StringBuilder(s);
        String seal = c.isSealed() ? "sealed " : nonSealed(c) ? "non-sealed " : "";
        if (!seal.isEmpty()) {
            int at = s.indexOf(c.isInterface() ? "interface " : c.isEnum() ? "enum " : c.isRecord() ? "record " : "class ");
            b.insert(at, seal);
        }
        Type sup = c.getGenericSuperclass();
        if (sup != null && sup != Object.class && !c.isEnum() && !c.isRecord()) b.append(" extends ").append(sup.getTypeName());
        Type[] ifs = c.getGenericInterfaces();
        if (ifs.length > 0 && !c.isAnnotation()) {
            b.append(c.isInterface() ? " extends " : " implements ");
            b.append(Arrays.stream(ifs).map(Type::getTypeName).collect(Collectors.joining(", ")));
        }
        if (c.isSealed()) {
            b.append(" permits ").append(Arrays.stream(c.getPermittedSubclasses()).map(Class::getName).collect(Collectors.joining(", ")));
        }
        return b.toString();
    }

    /** Whether {@code c} extends a sealed type without being final or sealed itself. */
    private static boolean nonSealed(Class<?> c) {
        if (c.isSealed() || Modifier.isFinal(c.getModifiers())) return false;
        Class<?> sup = c.getSuperclass();
        if (sup != null && sup.isSealed()) return true;
        for (Class<?> i : c.getInterfaces()) if (i.isSealed()) return true;
        return false;
    }

    /**
     * Fails, with the lines added and removed, unless the module of {@code anchor} has exactly the API
     * listed in {@code api/<name>.api} (relative to the module's directory, the tests' working directory).
     * With {@code -Dloopbridge.api.update=true} it writes the file instead.
     */
    public static void assertMatches(Class<?> anchor, String name) throws IOException {
        List<String> actual = of(anchor);
        Path file = Path.of("api", name + ".api");
        if (Boolean.getBoolean(UPDATE)) {
            Files.createDirectories(file.getParent());
            Files.write(file, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(file)) {
            fail("no API listing at " + file.toAbsolutePath() + ": create it with -D" + UPDATE + "=true and check it in");
        }
        List<String> expected = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (expected.equals(actual)) return;
        Set<String> was = new LinkedHashSet<>(expected);
        Set<String> now = new LinkedHashSet<>(actual);
        List<String> removed = new ArrayList<>(was);
        removed.removeAll(now);
        List<String> added = new ArrayList<>(now);
        added.removeAll(was);
        StringBuilder msg = new StringBuilder("the public API of " + name + " changed (" + file + "); if that is meant, "
                + "rerun with -D" + UPDATE + "=true and check the file in.\n");
        for (String r : removed) msg.append("- ").append(r.strip()).append('\n');
        for (String a : added) msg.append("+ ").append(a.strip()).append('\n');
        if (removed.isEmpty() && added.isEmpty()) msg.append("(the same lines in another order)");
        fail(msg.toString());
    }
}
