/**
 * Programs the demo runs as real child processes (the Process panel), with the demo's own JVM and class
 * path; they use {@code java.base} only.
 */
package io.loopbridge.demo.child;
