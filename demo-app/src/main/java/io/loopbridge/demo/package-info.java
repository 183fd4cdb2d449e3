/**
 * The demo's entry point ({@link io.loopbridge.demo.DemoMain}) and command line. The loop-facing code
 * shared by both toolkits is in {@code io.loopbridge.demo.model}; the windows are in
 * {@code io.loopbridge.demo.fx} and {@code io.loopbridge.demo.swing}.
 */
package io.loopbridge.demo;
