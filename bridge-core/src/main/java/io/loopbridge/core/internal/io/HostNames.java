package io.loopbridge.core.internal.io;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which host strings are addresses already. The one rule it serves: <b>no name lookup ever runs on the loop
 * thread</b> (the loop thread may be the UI thread, and a lookup can block for seconds). A string this
 * class parses is turned into an {@link InetAddress} with {@link InetAddress#getByAddress(byte[])}, which
 * never looks anything up; every other string, IPv6 literals included, goes to the loop's executor.
 *
 * <p>Why not a pattern and {@link InetAddress#getAllByName}: that method looks up anything it does not
 * take for a literal, on the calling thread, and what it takes for one is not a simple pattern:
 * {@code "999.1.1.1"} and {@code "zz:1"} look like literals but go to the name service. So the loop thread
 * accepts only what it can prove: the canonical dotted quad, four decimal parts of 0..255 without leading
 * zeros ({@code "010.0.0.1"} is decimal to the JDK and octal to {@code inet_aton}: the JDK decides, on the
 * executor). An IPv6 literal costs one executor hop, where the JDK parses it without a lookup.
 *
 * <p><b>Threading.</b> Stateless; safe from any thread.
 */
final class HostNames {
    private HostNames() {}

    /** The address {@code host} spells as a canonical IPv4 dotted quad, or null if it is anything else. */
    static InetAddress ipv4Literal(String host) {
        byte[] b = new byte[4];
        int part = 0;
        int i = 0;
        int n = host.length();
        while (part < 4) {
            int start = i;
            int value = 0;
            while (i < n && i - start < 3 && host.charAt(i) >= '0' && host.charAt(i) <= '9') {
                value = value * 10 + (host.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && host.charAt(start) == '0')) return null;
            b[part++] = (byte) value;
            if (part < 4) {
                if (i >= n || host.charAt(i) != '.') return null;
                i++;
            }
        }
        if (i != n) return null;
        try {
            return InetAddress.getByAddress(b); // a raw address: no lookup, no host name
        } catch (UnknownHostException e) {
            throw new AssertionError("4 bytes are an IPv4 address", e);
        }
    }
}
