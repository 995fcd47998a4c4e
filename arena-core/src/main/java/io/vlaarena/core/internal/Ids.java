package io.vlaarena.core.internal;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random ids with the original's prefixes ({@code sess_}, {@code battle_}, {@code turn_}, {@code ep_}, {@code vote_}). */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /** {@code prefix} followed by 24 random hex digits (96 bits). */
    public static String newId(String prefix) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }
}
