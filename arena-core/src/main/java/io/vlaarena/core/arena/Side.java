package io.vlaarena.core.arena;

/** The side of a battle a model plays on; the wire names are {@code "left"} and {@code "right"}. */
public enum Side {
    /** Shown on the left; {@code seq_in_turn} 0. */
    LEFT("left", 0),
    /** Shown on the right; {@code seq_in_turn} 1. */
    RIGHT("right", 1);

    private final String wireName;
    private final int seqInTurn;

    Side(String wireName, int seqInTurn) {
        this.wireName = wireName;
        this.seqInTurn = seqInTurn;
    }

    /** {@code "left"} or {@code "right"}. */
    public String wireName() {
        return wireName;
    }

    /** 0 for left, 1 for right, as stored in {@code seq_in_turn}. */
    public int seqInTurn() {
        return seqInTurn;
    }

    /** Parses a wire name; throws {@link IllegalArgumentException} otherwise. */
    public static Side fromWireName(String name) {
        for (Side s : values()) {
            if (s.wireName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown side '" + name + "'; valid sides: [left, right]");
    }
}
