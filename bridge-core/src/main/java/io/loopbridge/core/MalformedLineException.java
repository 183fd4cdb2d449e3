package io.loopbridge.core;

import java.nio.charset.CharacterCodingException;

/**
 * A line read with {@link AsyncStreamReader#readLine()} is not valid in its charset (UTF-8 unless told
 * otherwise): the reader decodes strictly rather than guess. The line was taken from the stream, so the
 * next {@code readLine()} reads the next one; its raw bytes (terminator included) are carried here, so
 * nothing is lost: decode them another way, or use {@link AsyncStreamReader#readUntil(byte[])} for bytes.
 *
 * <p><b>Threading.</b> Immutable once thrown; safe from any thread.
 */
public class MalformedLineException extends CharacterCodingException {
    private static final long serialVersionUID = 1L;
    private final byte[] line;
    private final String message;

    /**
     * @param line    the raw bytes of the line (copied)
     * @param charset the charset the line failed to decode in
     * @param cause   the decoder's exception, or null
     */
    public MalformedLineException(byte[] line, String charset, Throwable cause) {
        this.line = io.loopbridge.core.internal.Checks.notNull(line, "line").clone();
        io.loopbridge.core.internal.Checks.notNull(charset, "charset");
        this.message = "a line of " + line.length + " bytes is not valid " + charset + (cause == null ? "" : ": " + cause.getMessage());
        if (cause != null) initCause(cause);
    }

    /** The raw bytes of the line, its terminator included (a copy). */
    public byte[] line() {
        return line.clone();
    }

    @Override
    public String getMessage() {
        return message;
    }
}
