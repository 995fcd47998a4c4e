package io.vlaarena.storage.internal;

import io.vlaarena.core.Action;
import io.vlaarena.core.SimState;
import io.vlaarena.core.StorageException;
import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.arena.Battle;
import io.vlaarena.core.arena.EpisodeRecord;
import io.vlaarena.core.arena.Session;
import io.vlaarena.core.arena.Side;
import io.vlaarena.core.arena.Turn;
import io.vlaarena.core.arena.Vote;
import io.vlaarena.core.arena.VoteNotes;
import io.vlaarena.core.arena.VoteTask;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Maps the core's records to the stored documents of SPEC.md §4 and back. Field names are the
 * original's, snake_case; times are BSON dates (millisecond precision). Reading is strict: a
 * missing field or a value of the wrong type is a {@link StorageException} that names the
 * collection, the document id and the field.
 */
public final class Documents {
    private Documents() {}

    // ---- sessions -------------------------------------------------------------------------

    public static Document session(Session s) {
        return new Document("session_id", s.sessionId())
                .append("robot_id", s.robotId())
                .append("scene_id", s.sceneId())
                .append("created_at", date(s.createdAt()));
    }

    public static Session session(Document d) {
        Reader r = new Reader("session", d, "session_id");
        try {
            return new Session(r.string("session_id"), r.string("robot_id"), r.string("scene_id"), r.instant("created_at"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw r.malformed(e);
        }
    }

    // ---- battles --------------------------------------------------------------------------

    public static Document battle(Battle b) {
        return new Document("battle_id", b.battleId())
                .append("session_id", b.sessionId())
                .append("seq_in_session", b.seqInSession())
                .append("robot_id", b.robotId())
                .append("scene_id", b.sceneId())
                .append("left_model", b.leftModel())
                .append("right_model", b.rightModel())
                .append("created_at", date(b.createdAt()));
    }

    public static Battle battle(Document d) {
        Reader r = new Reader("battle", d, "battle_id");
        try {
            return new Battle(r.string("battle_id"), r.string("session_id"), r.integer("seq_in_session"),
                    r.string("robot_id"), r.string("scene_id"), r.string("left_model"), r.string("right_model"),
                    r.instant("created_at"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw r.malformed(e);
        }
    }

    // ---- turns ----------------------------------------------------------------------------

    public static Document turn(Turn t) {
        return new Document("turn_id", t.turnId())
                .append("battle_id", t.battleId())
                .append("session_id", t.sessionId())
                .append("turn_seq", t.seq())
                .append("instruction", t.instruction())
                .append("left_episode_id", t.leftEpisodeId())
                .append("right_episode_id", t.rightEpisodeId())
                .append("created_at", date(t.createdAt()));
    }

    public static Turn turn(Document d) {
        Reader r = new Reader("turn", d, "turn_id");
        try {
            return new Turn(r.string("turn_id"), r.string("battle_id"), r.string("session_id"), r.integer("turn_seq"),
                    r.string("instruction"), r.string("left_episode_id"), r.string("right_episode_id"),
                    r.instant("created_at"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw r.malformed(e);
        }
    }

    // ---- episodes -------------------------------------------------------------------------

    public static Document episode(EpisodeRecord e) {
        List<List<Double>> actions = new ArrayList<>(e.actions().size());
        for (Action a : e.actions()) {
            actions.add(doubles(a.values()));
        }
        List<Document> states = new ArrayList<>(e.states().size());
        for (SimState s : e.states()) {
            states.add(new Document("qpos", doubles(s.qpos())).append("qvel", doubles(s.qvel())).append("time", s.time()));
        }
        return new Document("episode_id", e.episodeId())
                .append("session_id", e.sessionId())
                .append("battle_id", e.battleId())
                .append("turn_id", e.turnId())
                .append("battle_seq_in_session", e.battleSeqInSession())
                .append("turn_seq", e.turnSeq())
                .append("seq_in_turn", e.seqInTurn())
                .append("side", e.side().wireName())
                .append("model_id", e.modelId())
                .append("actions", actions)
                .append("states", states)
                .append("duration_ms", e.durationMs())
                .append("created_at", date(e.createdAt()));
    }

    public static EpisodeRecord episode(Document d) {
        Reader r = new Reader("episode", d, "episode_id");
        try {
            Side side;
            try {
                side = Side.fromWireName(r.string("side"));
            } catch (IllegalArgumentException e) {
                throw r.malformed(e);
            }
            int seqInTurn = r.integer("seq_in_turn");
            if (seqInTurn != side.seqInTurn()) {
                throw r.malformed("field 'seq_in_turn' is " + seqInTurn + " but side is '" + side.wireName() + "'");
            }
            List<?> rawActions = r.list("actions");
            List<Action> actions = new ArrayList<>(rawActions.size());
            for (int i = 0; i < rawActions.size(); i++) {
                actions.add(new Action(r.numbers(rawActions.get(i), "actions[" + i + "]")));
            }
            List<?> rawStates = r.list("states");
            List<SimState> states = new ArrayList<>(rawStates.size());
            for (int i = 0; i < rawStates.size(); i++) {
                Object o = rawStates.get(i);
                if (!(o instanceof Document s)) {
                    throw r.malformed("field 'states[" + i + "]' should be a document {qpos, qvel, time} but is "
                            + typeName(o));
                }
                states.add(new SimState(r.numbers(s.get("qpos"), "states[" + i + "].qpos"),
                        r.numbers(s.get("qvel"), "states[" + i + "].qvel"),
                        r.number(s.get("time"), "states[" + i + "].time")));
            }
            return new EpisodeRecord(r.string("episode_id"), r.string("session_id"), r.string("battle_id"),
                    r.string("turn_id"), r.integer("battle_seq_in_session"), r.integer("turn_seq"), side,
                    r.string("model_id"), actions, states, Duration.ofMillis(r.longValue("duration_ms")),
                    r.instant("created_at"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw r.malformed(e);
        }
    }

    // ---- votes ----------------------------------------------------------------------------

    public static Document vote(Vote v) {
        Document d = new Document("vote_id", v.voteId())
                .append("battle_id", v.battleId())
                .append("session_id", v.sessionId())
                .append("vote", v.choice().wireName())
                .append("left_model", v.leftModel())
                .append("right_model", v.rightModel())
                .append("robot_id", v.robotId())
                .append("scene_id", v.sceneId())
                .append("created_at", date(v.createdAt()));
        // The web arena's optional fields (SPEC.md §4): present only when the voter gave them.
        v.notes().leftProgress().ifPresent(p -> d.append("left_progress", p));
        v.notes().rightProgress().ifPresent(p -> d.append("right_progress", p));
        v.notes().feedback().ifPresent(f -> d.append("feedback", f));
        // The task a battle played, and each side's success when a judge voted: present only when known.
        v.task().ifPresent(t -> {
            d.append("task_id", t.taskId());
            t.leftSuccess().ifPresent(b -> d.append("left_success", b));
            t.rightSuccess().ifPresent(b -> d.append("right_success", b));
        });
        return d;
    }

    public static Vote vote(Document d) {
        Reader r = new Reader("vote", d, "vote_id");
        try {
            VoteChoice choice;
            try {
                choice = VoteChoice.fromWireName(r.string("vote"));
            } catch (IllegalArgumentException e) {
                throw r.malformed(e);
            }
            return new Vote(r.string("vote_id"), r.string("battle_id"), r.string("session_id"), choice,
                    r.string("left_model"), r.string("right_model"), r.string("robot_id"), r.string("scene_id"),
                    r.instant("created_at"), notes(r), task(r));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw r.malformed(e);
        }
    }

    private static VoteNotes notes(Reader r) {
        try {
            return VoteNotes.of(r.optionalInteger("left_progress"), r.optionalInteger("right_progress"),
                    r.optionalString("feedback"));
        } catch (IllegalArgumentException e) {
            throw r.malformed(e);
        }
    }

    private static Optional<VoteTask> task(Reader r) {
        String id = r.optionalString("task_id");
        if (id == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new VoteTask(id, Optional.ofNullable(r.optionalBoolean("left_success")),
                    Optional.ofNullable(r.optionalBoolean("right_success"))));
        } catch (IllegalArgumentException e) {
            throw r.malformed(e);
        }
    }

    /** Whether two documents hold the same fields and values, ignoring {@code _id}. */
    public static boolean sameContent(Document stored, Document candidate) {
        Document a = new Document(stored);
        Document b = new Document(candidate);
        a.remove("_id");
        b.remove("_id");
        return normalize(a).equals(normalize(b));
    }

    private static Object normalize(Object o) {
        if (o instanceof Document d) {
            Document n = new Document();
            d.forEach((k, v) -> n.append(k, normalize(v)));
            return n;
        }
        if (o instanceof List<?> l) {
            List<Object> n = new ArrayList<>(l.size());
            l.forEach(v -> n.add(normalize(v)));
            return n;
        }
        if (o instanceof Integer i) {
            return i.longValue();
        }
        return o;
    }

    static Date date(Instant instant) {
        return new Date(instant.toEpochMilli());
    }

    private static List<Double> doubles(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(v);
        }
        return list;
    }

    static String typeName(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof String) {
            return "a string";
        }
        if (o instanceof Number) {
            return "a number";
        }
        if (o instanceof List) {
            return "an array";
        }
        if (o instanceof Document) {
            return "a document";
        }
        if (o instanceof Boolean) {
            return "a boolean";
        }
        if (o instanceof Date) {
            return "a date";
        }
        return "a " + o.getClass().getSimpleName();
    }

    /** The id a message uses to name a document: its domain id, else its {@code _id}. */
    public static String idOf(Document d, String idField) {
        Object id = d.get(idField);
        if (id instanceof String s) {
            return s;
        }
        Object oid = d.get("_id");
        if (oid instanceof ObjectId o) {
            return "_id " + o.toHexString();
        }
        return "_id " + oid;
    }

    /** Strict typed access to one document, with errors naming the document. */
    private static final class Reader {
        private final String kind;
        private final Document doc;
        private final String id;

        Reader(String kind, Document doc, String idField) {
            this.kind = kind;
            this.doc = doc;
            this.id = idOf(doc, idField);
        }

        StorageException malformed(String detail) {
            return new StorageException("Stored " + kind + " '" + id + "' is malformed: " + detail);
        }

        StorageException malformed(RuntimeException e) {
            if (e instanceof StorageException s) {
                return s;
            }
            return new StorageException("Stored " + kind + " '" + id + "' is malformed: " + e.getMessage(), e);
        }

        private Object required(String field) {
            if (!doc.containsKey(field)) {
                throw malformed("field '" + field + "' is missing");
            }
            Object v = doc.get(field);
            if (v == null) {
                throw malformed("field '" + field + "' is null");
            }
            return v;
        }

        String string(String field) {
            Object v = required(field);
            if (!(v instanceof String s)) {
                throw malformed("field '" + field + "' should be a string but is " + typeName(v) + " (" + v + ")");
            }
            return s;
        }

        long longValue(String field) {
            Object v = required(field);
            if (v instanceof Integer || v instanceof Long) {
                return ((Number) v).longValue();
            }
            if (v instanceof Double d && d == Math.rint(d) && Double.isFinite(d)) {
                return d.longValue();
            }
            throw malformed("field '" + field + "' should be an integer but is " + typeName(v) + " (" + v + ")");
        }

        int integer(String field) {
            long v = longValue(field);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw malformed("field '" + field + "' is out of range: " + v);
            }
            return (int) v;
        }

        /** An optional integer field: absent or null gives null. */
        Integer optionalInteger(String field) {
            return doc.get(field) == null ? null : integer(field);
        }

        /** An optional string field: absent or null gives null. */
        String optionalString(String field) {
            return doc.get(field) == null ? null : string(field);
        }

        /** An optional boolean field: absent or null gives null. */
        Boolean optionalBoolean(String field) {
            Object v = doc.get(field);
            if (v == null) {
                return null;
            }
            if (!(v instanceof Boolean b)) {
                throw malformed("field '" + field + "' should be a boolean but is " + typeName(v) + " (" + v + ")");
            }
            return b;
        }

        Instant instant(String field) {
            Object v = required(field);
            if (v instanceof Date d) {
                return d.toInstant();
            }
            if (v instanceof String s) {
                try {
                    return Instant.parse(s);
                } catch (DateTimeParseException e) {
                    throw malformed("field '" + field + "' is not an ISO-8601 instant: '" + s + "'");
                }
            }
            throw malformed("field '" + field + "' should be a date but is " + typeName(v) + " (" + v + ")");
        }

        List<?> list(String field) {
            Object v = required(field);
            if (!(v instanceof List<?> l)) {
                throw malformed("field '" + field + "' should be an array but is " + typeName(v));
            }
            return l;
        }

        double number(Object v, String path) {
            if (!(v instanceof Number n) || v instanceof org.bson.types.Decimal128) {
                throw malformed("field '" + path + "' should be a number but is " + typeName(v));
            }
            return n.doubleValue();
        }

        double[] numbers(Object v, String path) {
            if (!(v instanceof List<?> l)) {
                throw malformed("field '" + path + "' should be an array of numbers but is " + typeName(v));
            }
            double[] out = new double[l.size()];
            for (int i = 0; i < out.length; i++) {
                Object x = l.get(i);
                if (x instanceof Double d) {
                    out[i] = d;
                } else {
                    out[i] = number(x, path + "[" + i + "]");
                }
            }
            return out;
        }
    }
}
