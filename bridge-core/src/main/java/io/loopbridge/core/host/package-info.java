/**
 * The host kit: public types for people writing a bridge from a toolkit to LoopBridge, built only on the
 * public API of {@link io.loopbridge.core}. {@link io.loopbridge.core.host.ActionCore} is the
 * toolkit-neutral core of the UI bridges' async actions ({@code FxActions}, {@code SwingActions}): runs,
 * controls switched while they run, progress, cancellation and one failure-reporting policy;
 * {@link io.loopbridge.core.host.ActionState} is the state of their most recent run, which applications
 * see through those bridges.
 */
package io.loopbridge.core.host;
