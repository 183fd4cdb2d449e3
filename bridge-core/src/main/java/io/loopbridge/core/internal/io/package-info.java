/**
 * The loop's streams and subprocesses (not API): {@link io.loopbridge.core.internal.io.IoService} behind
 * {@code EventLoop.openConnection}, {@code startServer} and {@code subprocess}; one selector thread per loop
 * ({@code IoThread}); pump threads for process pipes ({@code Pumps}); readers and writers that live on the
 * loop thread. Built on the public {@code io.loopbridge.core} API and the JDK only. See
 * {@code docs/streams.md} for the threads, limits and errors.
 */
package io.loopbridge.core.internal.io;
