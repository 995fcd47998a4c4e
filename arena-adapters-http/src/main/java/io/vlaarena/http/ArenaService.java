package io.vlaarena.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.arena.EpisodeView;
import io.vlaarena.core.arena.LeaderboardQuery;
import io.vlaarena.core.arena.ModelInfo;
import io.vlaarena.core.arena.SessionStart;
import io.vlaarena.core.arena.TurnOutcome;
import io.vlaarena.core.arena.VoteNotes;
import io.vlaarena.core.arena.VoteResult;
import io.vlaarena.core.rating.Leaderboard;
import io.vlaarena.core.rating.Ranking;
import io.vlaarena.core.rating.SuccessRate;
import io.vlaarena.core.replay.ReplayProvider;
import io.vlaarena.http.internal.HttpError;
import io.vlaarena.http.internal.Json;
import io.vlaarena.http.internal.JsonServer;
import io.vlaarena.http.internal.JsonServer.Request;
import io.vlaarena.http.internal.JsonServer.Response;
import io.vlaarena.http.internal.ReplayRoutes;
import io.vlaarena.http.internal.WebAssets;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Serves an {@link Arena} as the original's backend REST API (SPEC.md §3), so that its web
 * frontend and integration tests work unchanged: sessions, turns, episodes, votes, the leaderboard
 * and the model list under {@code /api}, plus {@code GET /health}.
 *
 * <p>Blind: before a battle's vote, no answer about it names a model ({@code left_model} and
 * {@code right_model} are {@code "???"}; episodes carry no {@code model_id}). A failed turn answers
 * 503 when a remote VLA service failed or was unreachable, else 500, with the arena's blind detail;
 * the arena stores nothing of it. Bad input never gives a 500: 422 for a missing or mistyped field
 * (the detail names it), 400 for malformed JSON, 404 for unknown ids, 405 (with {@code Allow}) for
 * a wrong method, 413 over the body limit. CORS answers the configured origins (default
 * {@link #DEFAULT_ORIGINS}, the original frontend's), including preflight {@code OPTIONS}.
 * {@code GET /health} answers {@code {"status":"healthy","service":"vlaarena-backend"}} as the
 * original backend does.
 *
 * <p>The leaderboard is the original's online Elo unless {@code method=bt} (ties as half wins) or
 * {@code method=davidson} (Davidson's ties) asks for Bradley–Terry (with {@code ci_lower}/{@code ci_upper});
 * {@code min_vote_count} defaults to 5; {@code task_id} keeps one task's battles; models with judged
 * votes carry {@code success_rate}, {@code success_ci} and {@code trials}.
 *
 * <p>Thread-safe. Owns its server and worker threads; {@link #close()} is idempotent and lets
 * requests in flight finish within the grace. Does not close the arena.
 */
public final class ArenaService implements AutoCloseable {
    /** The origin of the original's web frontend, allowed by default. */
    public static final String DEFAULT_ORIGIN = "http://localhost:3000";
    /** The origins allowed by default: the original web frontend's, by name and by loopback address. */
    public static final List<String> DEFAULT_ORIGINS = List.of(DEFAULT_ORIGIN, "http://127.0.0.1:3000");
    /** The service name {@code GET /health} reports, as the original backend's. */
    public static final String SERVICE_NAME = "vlaarena-backend";
    private static final String HIDDEN = "???";
    private static final System.Logger LOG = System.getLogger(ArenaService.class.getName());

    /** The default longest turn instruction, in characters: 2,000. */
    public static final int DEFAULT_MAX_INSTRUCTION_CHARS = 2_000;
    /** The default turns one client address may start per minute: 20. */
    public static final int DEFAULT_TURNS_PER_MINUTE = 20;

    private final Arena arena;
    private final JsonServer server;
    private final int maxInstructionChars;
    /** The board a request without parameters gets: the original's Elo, the configured defaults. */
    private final LeaderboardQuery defaultBoard;

    private ArenaService(Builder b) {
        this.arena = b.arena;
        this.defaultBoard = b.board;
        this.maxInstructionChars = b.maxInstructionChars;
        this.server = new JsonServer("arena-service", b.options, b.origins);
        JsonServer.Lane turns = server.lane("turns", b.turnThreads, b.turnQueue, Duration.ofSeconds(10));
        if (b.turnsPerPeriod > 0) {
            turns.perClientRate(b.turnsPerPeriod, b.turnPeriod);
        }
        server.route("GET", "/health", r -> ok(200, healthAnswer()))
                .route("POST", "/api/sessions/init", this::initSession)
                .route("POST", "/api/sessions/{session_id}/battles", this::newBattle)
                .route("POST", "/api/battles/{battle_id}/turns", turns, this::playTurn)
                .route("GET", "/api/episodes/{episode_id}", this::episode)
                .route("POST", "/api/votes", this::vote)
                .route("GET", "/api/leaderboard", this::leaderboard)
                .route("GET", "/api/models", this::models)
                .route("GET", "/api/models/xml", this::modelXml);
        ReplayRoutes.catalogRoutes(server, arena);
        if (b.replays != null) {
            new ReplayRoutes(arena, b.replays).register(server);
            WebAssets.load().register(server);
        }
    }

    /** A builder serving {@code arena}; the arena stays owned by the caller. */
    public static Builder builder(Arena arena) {
        return new Builder(arena);
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8000}. */
    public URI baseUri() {
        return server.baseUri();
    }

    /** Stops the service (requests in flight finish within the grace); idempotent. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "ArenaService[" + (server.isClosed() ? "closed" : baseUri()) + "]";
    }

    private static Response ok(int status, Map<String, String> fields) {
        ObjectNode o = Json.object();
        fields.forEach(o::put);
        return Response.json(status, o);
    }

    private static Map<String, String> healthAnswer() {
        Map<String, String> health = new java.util.LinkedHashMap<>();
        health.put("status", "healthy");
        health.put("service", SERVICE_NAME);
        return health;
    }

    private static <T> T call(Supplier<T> action) {
        return JsonServer.call(action);
    }

    private Response initSession(Request r) {
        ObjectNode body = r.json();
        String robot = Json.requireString(body, "robot_id", 1, 50);
        String scene = Json.requireString(body, "scene_id", 1, 50);
        return sessionAnswer(call(() -> arena.startSession(robot, scene)));
    }

    private Response newBattle(Request r) {
        String sessionId = r.param(0);
        return sessionAnswer(call(() -> arena.newBattle(sessionId)));
    }

    private static Response sessionAnswer(SessionStart s) {
        ObjectNode o = Json.object();
        o.put("session_id", s.sessionId());
        o.put("battle_id", s.battleId());
        o.put("left_model", HIDDEN);
        o.put("right_model", HIDDEN);
        o.put("robot_id", s.robotId());
        o.put("scene_id", s.sceneId());
        return Response.json(201, o);
    }

    private Response playTurn(Request r) {
        String battleId = r.param(0);
        ObjectNode body = r.json();
        String instruction = Json.requireString(body, "instruction");
        if (instruction.isBlank()) {
            throw new HttpError(422, "Field 'instruction' must not be empty");
        }
        if (instruction.length() > maxInstructionChars) {
            throw new HttpError(422, "Field 'instruction' has " + instruction.length() + " characters; the limit is "
                    + maxInstructionChars);
        }
        if (arena.battle(battleId).isEmpty()) {
            throw new HttpError(404, "Unknown battle '" + battleId + "'");
        }
        TurnOutcome outcome = call(() -> arena.playTurn(battleId, instruction));
        if (!outcome.isCompleted()) {
            // the operator learns which side failed and why; the answer stays blind
            outcome.failures().forEach((side, f) -> LOG.log(System.Logger.Level.WARNING, "Turn on battle " + battleId
                    + ": the " + side.wireName() + " episode failed (" + f.kind() + "): " + f.message()));
            throw new HttpError(outcome.remoteFailure() ? 503 : 500, outcome.detail());
        }
        var turn = outcome.turn().orElseThrow();
        ObjectNode o = Json.object();
        o.put("turn_id", turn.turnId());
        o.put("battle_id", turn.battleId());
        o.put("left_episode_id", turn.leftEpisodeId());
        o.put("right_episode_id", turn.rightEpisodeId());
        o.put("status", "completed");
        return Response.json(201, o);
    }

    private Response episode(Request r) {
        String id = r.param(0);
        EpisodeView e = call(() -> arena.episode(id))
                .orElseThrow(() -> new HttpError(404, "Unknown episode '" + id + "'"));
        ObjectNode o = Json.object();
        o.put("episode_id", e.episodeId());
        o.put("battle_id", e.battleId());
        o.put("turn_id", e.turnId());
        o.put("side", e.side().wireName());
        o.set("actions", Json.actions(e.actions()));
        o.set("states", Json.states(e.states()));
        // timing names the slower model as surely as its id does: both only after the vote
        e.modelId().ifPresent(m -> {
            o.put("duration_ms", e.duration().toMillis());
            o.put("model_id", m);
        });
        return Response.json(200, o);
    }

    private Response vote(Request r) {
        ObjectNode body = r.json();
        String battleId = Json.requireString(body, "battle_id");
        String voteText = Json.requireString(body, "vote");
        VoteChoice choice;
        try {
            choice = VoteChoice.fromWireName(voteText);
        } catch (IllegalArgumentException e) {
            throw new HttpError(422, "Field 'vote': " + e.getMessage());
        }
        VoteNotes notes = voteNotes(body);
        VoteResult result;
        try {
            result = arena.vote(battleId, choice, notes);
        } catch (io.vlaarena.core.NotFoundException | io.vlaarena.core.InvalidRequestException e) {
            throw new HttpError(400, e.getMessage());
        }
        ObjectNode o = Json.object();
        o.put("vote_id", result.voteId());
        ObjectNode revealed = o.putObject("revealed_models");
        revealed.put("left", result.revealed().left());
        revealed.put("right", result.revealed().right());
        return Response.json(201, o);
    }

    /** The optional {@code left_progress}, {@code right_progress} (0–100) and {@code feedback}; 422 when invalid. */
    private static VoteNotes voteNotes(ObjectNode body) {
        Integer left = progress(body, "left_progress");
        Integer right = progress(body, "right_progress");
        String feedback = null;
        var text = body.get("feedback");
        if (text != null && !text.isNull()) {
            if (!text.isTextual()) {
                throw new HttpError(422, "Field 'feedback' must be a string, got " + Json.kind(text));
            }
            feedback = text.textValue();
            int chars = feedback.codePointCount(0, feedback.length());
            if (chars > VoteNotes.MAX_FEEDBACK_CHARS) {
                throw new HttpError(422, "Field 'feedback' must have at most " + VoteNotes.MAX_FEEDBACK_CHARS
                        + " characters, got " + chars);
            }
        }
        return VoteNotes.of(left, right, feedback);
    }

    private static Integer progress(ObjectNode body, String field) {
        return Json.optionalLong(body, field).map(p -> {
            if (p < 0 || p > 100) {
                throw new HttpError(422, "Field '" + field + "' must be between 0 and 100, got " + p);
            }
            return p.intValue();
        }).orElse(null);
    }

    private Response leaderboard(Request r) {
        Map<String, String> q = r.query();
        LeaderboardQuery query = defaultBoard;
        String method = q.getOrDefault("method", "elo").toLowerCase(Locale.ROOT);
        switch (method) {
            case "elo", "" -> { }
            case "bt", "bradley_terry", "bradley-terry" -> query = query.withMethod(Leaderboard.Method.BRADLEY_TERRY);
            case "davidson", "bt-davidson", "bt_davidson" -> query = query.withMethod(Leaderboard.Method.BRADLEY_TERRY_DAVIDSON);
            default -> throw new HttpError(422, "Query parameter 'method' must be 'elo', 'bt' or 'davidson', got '" + method + "'");
        }
        String task = q.get("task_id");
        if (task != null && !task.isEmpty()) {
            query = query.withTask(task);
        }
        String robot = q.get("robot_id");
        if (robot != null && !robot.isEmpty()) {
            query = query.withRobot(robot);
        }
        String scene = q.get("scene_id");
        if (scene != null && !scene.isEmpty()) {
            query = query.withScene(scene);
        }
        String min = q.get("min_vote_count");
        if (min != null && !min.isEmpty()) {
            try {
                int m = Integer.parseInt(min.trim());
                if (m < 0) {
                    throw new NumberFormatException();
                }
                query = query.withMinVoteCount(m);
            } catch (NumberFormatException e) {
                throw new HttpError(422, "Query parameter 'min_vote_count' must be a non-negative integer, got '" + min + "'");
            }
        }
        LeaderboardQuery fq = query;
        Leaderboard board = call(() -> arena.leaderboard(fq));
        // Success rates of the same votes (those a judge cast carry success flags), per model.
        Map<String, SuccessRate> success = call(() -> arena.successRates(fq)).stream()
                .collect(Collectors.toMap(SuccessRate::modelId, x -> x));
        Map<String, String> names = arena.models().stream().collect(Collectors.toMap(ModelInfo::id, ModelInfo::name, (a, b) -> a));
        ObjectNode o = Json.object();
        o.put("method", switch (board.method()) {
            case ELO -> "elo";
            case BRADLEY_TERRY -> "bt";
            case BRADLEY_TERRY_DAVIDSON -> "davidson";
        });
        o.put("min_vote_count", board.minVoteCount());
        fq.taskId().ifPresent(t -> o.put("task_id", t));
        o.put("hidden_models", board.hiddenModels());
        o.put("min_vote_rule", board.minimumVoteRule());
        ArrayNode rows = o.putArray("rankings");
        for (Ranking row : board.rankings()) {
            ObjectNode x = rows.addObject();
            x.put("rank", board.rank(row.modelId()));
            x.put("model_id", row.modelId());
            x.put("name", names.getOrDefault(row.modelId(), row.modelId()));
            x.put("elo_score", row.eloScore());
            x.put("rating", row.rating());
            x.put("vote_count", row.voteCount());
            x.put("win_rate", row.winRate());
            x.put("wins", row.wins());
            x.put("losses", row.losses());
            x.put("ties", row.ties());
            if (row.hasConfidenceInterval()) {
                x.put("ci_lower", row.ciLower());
                x.put("ci_upper", row.ciUpper());
            }
            SuccessRate rate = success.get(row.modelId());
            if (rate != null) {
                x.put("success_rate", rate.rate());
                x.putArray("success_ci").add(rate.ciLower()).add(rate.ciUpper());
                x.put("trials", rate.trials());
            }
        }
        return Response.json(200, o);
    }

    private Response models(Request r) {
        ObjectNode o = Json.object();
        ArrayNode list = o.putArray("models");
        for (ModelInfo m : arena.models()) {
            ObjectNode x = list.addObject();
            x.put("model_id", m.id());
            x.put("name", m.name());
            x.put("provider", m.provider());
            x.put("license", m.license());
            x.put("status", m.status());
        }
        return Response.json(200, o);
    }

    private Response modelXml(Request r) {
        String robot = r.query().get("robot_id");
        String scene = r.query().get("scene_id");
        if (robot == null || robot.isEmpty()) {
            throw new HttpError(422, "Query parameter 'robot_id' is required");
        }
        if (scene == null || scene.isEmpty()) {
            throw new HttpError(422, "Query parameter 'scene_id' is required");
        }
        String xml = call(() -> arena.scenes().composeXml(robot, scene));
        return Response.text(200, xml);
    }

    /** Builds and starts {@link ArenaService}s; not thread-safe. */
    public static final class Builder {
        private final Arena arena;
        private ServerOptions options = ServerOptions.defaults();
        private Set<String> origins = Set.copyOf(DEFAULT_ORIGINS);
        private LeaderboardQuery board = LeaderboardQuery.elo().withBootstrapRounds(200);
        private int maxInstructionChars = DEFAULT_MAX_INSTRUCTION_CHARS;
        private int turnThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private int turnQueue = 16;
        private int turnsPerPeriod = DEFAULT_TURNS_PER_MINUTE;
        private Duration turnPeriod = Duration.ofMinutes(1);
        private ReplayProvider replays;

        private Builder(Arena arena) {
            this.arena = Objects.requireNonNull(arena, "arena");
        }

        /** Where and how to listen (default {@link ServerOptions#defaults()}). */
        public Builder options(ServerOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** The port to bind (0 = any free port). */
        public Builder port(int port) {
            this.options = options.withPort(port);
            return this;
        }

        /** The longest turn instruction accepted, in characters (default 2,000); longer ones get 422. */
        public Builder maxInstructionChars(int chars) {
            if (chars <= 0) {
                throw new IllegalArgumentException("maxInstructionChars must be positive, was " + chars);
            }
            this.maxInstructionChars = chars;
            return this;
        }

        /**
         * Turns played at once (default: one per processor, at least 2) and turns that may wait
         * for one (default 16); a turn beyond both gets 503 with {@code Retry-After}. Turns never
         * take the threads that answer reads.
         */
        public Builder turnThreads(int threads, int queueLimit) {
            if (threads <= 0 || queueLimit <= 0) {
                throw new IllegalArgumentException("turn threads and queue limit must be positive, were " + threads
                        + " and " + queueLimit);
            }
            this.turnThreads = threads;
            this.turnQueue = queueLimit;
            return this;
        }

        /**
         * Turns one client address may start per {@code period} (default 20 per minute, as a burst
         * refilled evenly); beyond it 429 with {@code Retry-After}. {@code turns} 0 lifts the limit.
         */
        public Builder turnsPerClient(int turns, Duration period) {
            Objects.requireNonNull(period, "period");
            if (turns < 0 || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("turnsPerClient needs turns >= 0 and a positive period, got "
                        + turns + " per " + period);
            }
            this.turnsPerPeriod = turns;
            this.turnPeriod = period;
            return this;
        }

        /**
         * The origins allowed by CORS, e.g. {@code http://localhost:3000}, with credentials;
         * {@code "*"} allows any other origin, never with credentials. The {@code null} origin is
         * never allowed.
         */
        public Builder corsOrigins(List<String> origins) {
            this.origins = Set.copyOf(new LinkedHashSet<>(Objects.requireNonNull(origins, "origins")));
            return this;
        }

        /** The leaderboard's default minimum vote count (default 5, as the original). */
        public Builder minVoteCount(int minVoteCount) {
            this.board = board.withMinVoteCount(minVoteCount);
            return this;
        }

        /** Bootstrap rounds for Bradley–Terry intervals (default 200, to keep the board fast). */
        public Builder bootstrapRounds(int rounds) {
            this.board = board.withBootstrapRounds(rounds);
            return this;
        }

        /**
         * Serves the web arena as well (off by default): the battle page at {@code /}, the
         * leaderboard at {@code /leaderboard}, their assets, and the read-only replay endpoints,
         * whose poses and frames come from {@code replays} (e.g. arena-sim's
         * {@code MjcfReplayProvider}, given the arena's environment factory). The provider is not
         * closed by the service.
         */
        public Builder webArena(ReplayProvider replays) {
            this.replays = Objects.requireNonNull(replays, "replays");
            return this;
        }

        /**
         * Binds and starts the service; the caller closes it.
         *
         * @throws java.io.UncheckedIOException when the port cannot be bound
         */
        public ArenaService start() {
            ArenaService s = new ArenaService(this);
            s.server.start();
            return s;
        }
    }
}
