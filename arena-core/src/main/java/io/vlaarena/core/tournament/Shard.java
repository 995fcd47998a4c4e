package io.vlaarena.core.tournament;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which part of a tournament one process plays: shard {@code index} of {@code count} holds the
 * matches whose plan index is {@code index} modulo {@code count}, so shards are disjoint, cover the
 * plan together and differ in size by at most one match. Indices start at 0, as a Kubernetes
 * Indexed Job's completion index and a Slurm array's task id do.
 *
 * <p>Immutable and thread-safe.
 *
 * @param index this shard, from 0 to {@code count - 1}
 * @param count how many shards the plan is split into, at least 1
 */
public record Shard(int index, int count) {
    /** The whole plan in one shard. */
    public static final Shard ALL = new Shard(0, 1);

    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*");

    /**
     * Validates.
     *
     * @throws IllegalArgumentException unless {@code 0 <= index < count}
     */
    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("A shard is written i/N with 0 <= i < N (e.g. 0/4), was " + index + "/" + count);
        }
    }

    /**
     * Parses {@code i/N}, e.g. {@code 0/4}.
     *
     * @throws IllegalArgumentException naming the expected form
     */
    public static Shard parse(String text) {
        Matcher m = text == null ? null : FORM.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("A shard is written i/N with 0 <= i < N (e.g. 0/4), was '" + text + "'");
        }
        return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** Whether the match with this plan index belongs to this shard. */
    public boolean contains(int matchIndex) {
        return matchIndex % count == index;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
