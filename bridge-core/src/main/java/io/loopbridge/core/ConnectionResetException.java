package io.loopbridge.core;

import java.net.SocketException;

/**
 * The connection broke under an established stream: the peer reset it, or a write found it gone (a
 * broken pipe), or the network failed it (asyncio's {@code ConnectionResetError}). The JDK reports all of
 * these as a {@link SocketException} told apart only by its message; the original is the cause.
 *
 * <p><b>Threading.</b> Immutable once thrown; safe from any thread.
 */
public class ConnectionResetException extends SocketException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what broke, and where
     * @param cause   the JDK's exception, or null
     */
    public ConnectionResetException(String message, Throwable cause) {
        super(message);
        if (cause != null) initCause(cause);
    }
}
