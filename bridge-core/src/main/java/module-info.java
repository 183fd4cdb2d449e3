/**
 * LoopBridge core: the never-blocking guest-mode event loop ({@link io.loopbridge.core.GuestLoop}),
 * its standalone host, futures, tasks and asyncio-style primitives. Depends on {@code java.base} only.
 */
module io.loopbridge.core {
    exports io.loopbridge.core;
    exports io.loopbridge.core.host;
    // io.loopbridge.core.internal is deliberately not exported.
}
