package io.loopbridge.test.junit;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.engine.TestExecutionResult;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Runs a sample test class through the JUnit Platform launcher, for tests of the kit's extensions: what each
 * sample test method's outcome was (its failure, or empty if it passed). Any thread (not a UI thread).
 */
public final class SampleRuns {
    /**
     * Set while samples run: sample classes carry {@code @EnabledIfSystemProperty(named = SampleRuns.PROPERTY,
     * matches = "true")}, so a surefire run that selects nested classes (a {@code -Dtest} pattern) skips them.
     */
    public static final String PROPERTY = "loopbridge.test.samples";

    private SampleRuns() {}

    /** Test method name (without parentheses) to its failure, or to an empty Optional if it passed. */
    public static Map<String, Optional<Throwable>> run(Class<?> sample) {
        LauncherDiscoveryRequest req = request().selectors(selectClass(sample)).build();
        Map<String, Optional<Throwable>> out = new TreeMap<>();
        Launcher launcher = LauncherFactory.create();
        System.setProperty(PROPERTY, "true");
        try {
            execute(launcher, req, out);
        } finally {
            System.clearProperty(PROPERTY);
        }
        return out;
    }

    private static void execute(Launcher launcher, LauncherDiscoveryRequest req, Map<String, Optional<Throwable>> out) {
        launcher.execute(req, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) return;
                String name = id.getDisplayName().replaceAll("\\(.*", "");
                out.put(name, result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? Optional.empty()
                        : Optional.of(result.getThrowable().orElse(new AssertionError(result.getStatus().toString()))));
            }
        });
    }
}
