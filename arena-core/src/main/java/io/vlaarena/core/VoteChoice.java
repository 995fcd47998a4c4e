package io.vlaarena.core;

import java.util.Arrays;

/** A person's verdict on a battle (SPEC.md §1). */
public enum VoteChoice {
    /** The left model did better. */
    LEFT_BETTER("left_better"),
    /** The right model did better. */
    RIGHT_BETTER("right_better"),
    /** Both did equally well. */
    TIE("tie"),
    /** Both did badly. */
    BOTH_BAD("both_bad");

    private final String wireName;

    VoteChoice(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in JSON and stored documents, e.g. {@code "left_better"}. */
    public String wireName() {
        return wireName;
    }

    /** Parses a wire name; throws {@link IllegalArgumentException} naming the valid ones. */
    public static VoteChoice fromWireName(String name) {
        for (VoteChoice v : values()) {
            if (v.wireName.equals(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("Unknown vote '" + name + "'; valid votes: "
                + Arrays.stream(values()).map(VoteChoice::wireName).toList());
    }
}
