package io.loopbridge.core;

import java.io.IOException;

/**
 * The stream was closed on this side: a read after (or pending across) {@link StreamConnection#close()},
 * a {@link AsyncStreamWriter#drain()} after {@link AsyncStreamWriter#close()}, or the loop closed it.
 *
 * <p><b>Threading.</b> Immutable once thrown; safe from any thread.
 */
public class StreamClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what was attempted on the closed stream */
    public StreamClosedException(String message) {
        super(message);
    }
}
