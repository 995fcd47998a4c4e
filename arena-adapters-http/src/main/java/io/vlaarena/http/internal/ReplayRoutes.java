package io.vlaarena.http.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vlaarena.core.NotFoundException;
import io.vlaarena.core.Png;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.SimState;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.arena.BattleView;
import io.vlaarena.core.arena.EpisodeView;
import io.vlaarena.core.arena.Session;
import io.vlaarena.core.arena.Turn;
import io.vlaarena.core.replay.PoseTrack;
import io.vlaarena.core.replay.ReplayProvider;
import io.vlaarena.core.replay.SceneGeometry;
import io.vlaarena.core.scene.SceneCatalog;
import io.vlaarena.http.internal.JsonServer.Request;
import io.vlaarena.http.internal.JsonServer.Response;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The web arena's read-only API: the scene catalog, a session's battles, and replays of stored
 * episodes (scene geometry, per-step body poses, rendered frames) from a {@link ReplayProvider}.
 * Blind like {@code GET /api/episodes/{id}}: before a battle's vote nothing here names a model or
 * carries a per-side timing. Thread-safe.
 */
public final class ReplayRoutes {
    /** Default rendered frame size: 4:3, as the page's viewers. */
    static final int DEFAULT_WIDTH = 480, DEFAULT_HEIGHT = 360;
    /** The largest frame edge served. */
    public static final int MAX_FRAME_EDGE = 1280;
    private static final int EPISODE_CACHE = 64;
    private static final long FRAME_CACHE_BYTES = 48L << 20;
    private static final String IMMUTABLE = "private, max-age=86400";

    private final Arena arena;
    private final ReplayProvider replays;
    private final Map<String, Loaded> episodes = lru(EPISODE_CACHE);
    private final LinkedHashMap<String, byte[]> frames = new LinkedHashMap<>(256, 0.75f, true);
    private long frameBytes;

    /** A stored episode's scene and the states a replay shows: the initial state, then one per action. */
    private record Loaded(EpisodeView episode, String robotId, String sceneId, String xml, List<SimState> states) {}

    public ReplayRoutes(Arena arena, ReplayProvider replays) {
        this.arena = arena;
        this.replays = replays;
    }

    /** The routes that need no simulator: the catalog and sessions. */
    public static JsonServer catalogRoutes(JsonServer server, Arena arena) {
        return server.route("GET", "/api/scenes", r -> catalog(arena))
                .route("GET", "/api/sessions/{session_id}", r -> session(arena, r.param(0)));
    }

    /**
     * Adds the replay routes. Frames render on a lane of their own (at most min(4, cores) at once,
     * 64 waiting, then 503 with {@code Retry-After}), so rendering never holds the threads that
     * answer the API's cheap reads.
     */
    public JsonServer register(JsonServer server) {
        JsonServer.Lane rendering = server.lane("frames", Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())),
                64, Duration.ofSeconds(1));
        return server.route("GET", "/api/scenes/{robot_id}/{scene_id}/geometry", this::geometry)
                .route("GET", "/api/episodes/{episode_id}/replay", this::replay)
                .route("GET", "/api/episodes/{episode_id}/frames/{step}", rendering, this::frame);
    }

    // ---- catalog and sessions -------------------------------------------------------------

    private static Response catalog(Arena arena) {
        SceneCatalog c = arena.scenes();
        List<String> robots = c.robotIds().stream().filter(id -> c.canonicalRobot(id).equals(id)).toList();
        List<String> scenes = c.sceneIds().stream().filter(id -> c.canonicalScene(id).equals(id)).toList();
        ObjectNode o = Json.object();
        ArrayNode r = o.putArray("robots");
        robots.forEach(id -> r.addObject().put("robot_id", id));
        ArrayNode s = o.putArray("scenes");
        scenes.forEach(id -> s.addObject().put("scene_id", id));
        if (!robots.isEmpty()) {
            o.put("default_robot", robots.get(0));
        }
        if (!scenes.isEmpty()) {
            o.put("default_scene", scenes.get(0));
        }
        return Response.json(200, o);
    }

    private static Response session(Arena arena, String sessionId) {
        Session session = arena.session(sessionId)
                .orElseThrow(() -> new HttpError(404, "Unknown session '" + sessionId + "'"));
        ObjectNode o = Json.object();
        o.put("session_id", session.sessionId());
        o.put("robot_id", session.robotId());
        o.put("scene_id", session.sceneId());
        ArrayNode battles = o.putArray("battles");
        for (BattleView b : arena.battles(sessionId)) {
            ObjectNode x = battles.addObject();
            x.put("battle_id", b.battleId());
            x.put("seq", b.seqInSession());
            ArrayNode turns = x.putArray("turns");
            for (Turn t : b.turns()) {
                turns.addObject().put("turn_id", t.turnId()).put("seq", t.seq()).put("instruction", t.instruction())
                        .put("left_episode_id", t.leftEpisodeId()).put("right_episode_id", t.rightEpisodeId());
            }
            x.put("voted", b.vote().isPresent());
            b.vote().ifPresent(v -> x.put("vote", v.wireName()));
            b.revealed().ifPresent(m -> x.putObject("revealed_models").put("left", m.left()).put("right", m.right()));
        }
        return Response.json(200, o);
    }

    // ---- replays ---------------------------------------------------------------------------

    private Response geometry(Request r) {
        SceneCatalog c = arena.scenes();
        String xml = JsonServer.call(() -> c.composeXml(r.param(0), r.param(1)));
        SceneGeometry g = replays.geometry(xml);
        ObjectNode o = Json.object();
        o.put("robot_id", c.canonicalRobot(r.param(0)));
        o.put("scene_id", c.canonicalScene(r.param(1)));
        ArrayNode moving = o.putArray("moving_bodies");
        g.movingBodies().forEach(moving::add);
        ArrayNode geoms = o.putArray("geoms");
        for (SceneGeometry.Geom x : g.geoms()) {
            ObjectNode n = geoms.addObject();
            n.put("name", x.name());
            n.put("type", x.shape().wireName());
            n.put("body", x.body());
            numbers(n.putArray("size"), x.size());
            numbers(n.putArray("pos"), x.pos());
            numbers(n.putArray("quat"), x.quat());
            numbers(n.putArray("rgba"), x.rgba());
            n.put("specular", x.specular());
            n.put("shininess", x.shininess());
            if (x.mesh() >= 0) {
                n.put("mesh", x.mesh());
            }
            x.checker().ifPresent(ch -> {
                ObjectNode t = n.putObject("checker");
                numbers(t.putArray("rgb1"), ch.rgb1());
                numbers(t.putArray("rgb2"), ch.rgb2());
                ch.mark().ifPresent(m -> numbers(t.putArray("mark"), m));
                t.put("mark_width", ch.markWidth());
                numbers(t.putArray("tiles_per_metre"), ch.tilesPerMetre());
            });
        }
        ArrayNode meshes = o.putArray("meshes");
        for (SceneGeometry.Mesh m : g.meshes()) {
            float[] v = m.vertices();
            int[] f = m.faces();
            ByteBuffer vb = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            vb.asFloatBuffer().put(v);
            ByteBuffer fb = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
            fb.asIntBuffer().put(f);
            meshes.addObject().put("vertex_count", v.length / 3).put("face_count", f.length / 3)
                    .put("vertices", Base64.getEncoder().encodeToString(vb.array()))
                    .put("faces", Base64.getEncoder().encodeToString(fb.array()));
        }
        ArrayNode lights = o.putArray("lights");
        for (SceneGeometry.Light l : g.lights()) {
            ObjectNode n = lights.addObject();
            n.put("directional", l.directional());
            numbers(n.putArray("pos"), l.pos());
            numbers(n.putArray("dir"), l.dir());
            numbers(n.putArray("diffuse"), l.diffuse());
            numbers(n.putArray("specular"), l.specular());
            n.put("cast_shadow", l.castShadow());
        }
        ObjectNode sky = o.putObject("sky");
        numbers(sky.putArray("top"), g.sky().top());
        numbers(sky.putArray("horizon"), g.sky().horizon());
        numbers(sky.putArray("bottom"), g.sky().bottom());
        ObjectNode view = o.putObject("view");
        numbers(view.putArray("lookat"), g.view().lookat());
        view.put("distance", g.view().distance());
        view.put("azimuth", g.view().azimuth());
        view.put("elevation", g.view().elevation());
        view.put("fovy", g.view().fovy());
        return WebResponses.compressed(r, Response.json(200, o).withHeader("Cache-Control", "private, max-age=300"));
    }

    private Response replay(Request r) {
        Loaded e = load(r.param(0), true);
        PoseTrack track = replays.poses(e.xml(), e.states());
        float[] poses = track.poses();
        ByteBuffer buf = ByteBuffer.allocate(4 * poses.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(poses);
        EpisodeView ep = e.episode();
        ObjectNode o = Json.object();
        o.put("episode_id", ep.episodeId());
        o.put("battle_id", ep.battleId());
        o.put("turn_id", ep.turnId());
        o.put("side", ep.side().wireName());
        o.put("robot_id", e.robotId());
        o.put("scene_id", e.sceneId());
        o.put("geometry_url", "/api/scenes/" + e.robotId() + "/" + e.sceneId() + "/geometry");
        o.put("frame_count", track.frames());
        o.put("body_count", track.bodyCount());
        // The simulated time per action: the pace a replay plays at. Simulated, never wall-clock.
        List<Double> times = track.times();
        o.put("control_dt", times.size() > 1 ? (times.get(times.size() - 1) - times.get(0)) / (times.size() - 1) : 0);
        ArrayNode t = o.putArray("times");
        times.forEach(t::add);
        o.put("poses", Base64.getEncoder().encodeToString(buf.array()));
        ep.modelId().ifPresent(m -> o.put("model_id", m));
        return WebResponses.compressed(r, Response.json(200, o).withHeader("Cache-Control", "no-cache"));
    }

    private Response frame(Request r) {
        String id = r.param(0);
        int step;
        try {
            step = Integer.parseInt(r.param(1));
        } catch (NumberFormatException ex) {
            throw new HttpError(422, "The frame step must be an integer, got '" + r.param(1) + "'");
        }
        int width = size(r, "width", DEFAULT_WIDTH);
        int height = size(r, "height", DEFAULT_HEIGHT);
        Loaded e = load(id, false);
        if (step < 0 || step >= e.states().size()) {
            throw new HttpError(404, "Episode '" + id + "' has frames 0.." + (e.states().size() - 1) + ", not " + step);
        }
        String key = id + "/" + step + "/" + width + "x" + height;
        byte[] png;
        synchronized (frames) {
            png = frames.get(key);
        }
        if (png == null) {
            png = render(e, step, width, height);
            synchronized (frames) {
                if (frames.put(key, png) == null) {
                    frameBytes += png.length;
                }
                var it = frames.values().iterator();
                while (frameBytes > FRAME_CACHE_BYTES && it.hasNext()) {
                    frameBytes -= it.next().length;
                    it.remove();
                }
            }
        }
        return new Response(200, "image/png", png).withHeader("Cache-Control", IMMUTABLE);
    }

    private byte[] render(Loaded e, int step, int width, int height) {
        RgbImage image = replays.render(e.xml(), e.states().get(step), width, height);
        return Png.encode(image);
    }

    private static int size(Request r, String name, int fallback) {
        String v = r.query().get(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 16 && n <= MAX_FRAME_EDGE) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new HttpError(422, "Query parameter '" + name + "' must be an integer from 16 to " + MAX_FRAME_EDGE
                + ", got '" + v + "'");
    }

    /**
     * The episode, from the cache when seen before (stored states never change). With
     * {@code identity}, a cached episode of a battle voted since is read again, to name its model.
     */
    private Loaded load(String episodeId, boolean identity) {
        Loaded cached;
        synchronized (episodes) {
            cached = episodes.get(episodeId);
        }
        if (cached != null && (!identity || cached.episode().modelId().isPresent() || !voted(cached.episode().battleId()))) {
            return cached;
        }
        EpisodeView ep = JsonServer.call(() -> arena.episode(episodeId))
                .orElseThrow(() -> new HttpError(404, "Unknown episode '" + episodeId + "'"));
        BattleView battle = arena.battle(ep.battleId())
                .orElseThrow(() -> new NotFoundException("Unknown battle '" + ep.battleId() + "'"));
        String xml = JsonServer.call(() -> arena.scenes().composeXml(battle.robotId(), battle.sceneId()));
        List<SimState> states = new ArrayList<>(ep.states().size() + 1);
        states.add(replays.initialState(xml));
        states.addAll(ep.states());
        Loaded loaded = new Loaded(ep, battle.robotId(), battle.sceneId(), xml, List.copyOf(states));
        synchronized (episodes) {
            episodes.put(episodeId, loaded);
        }
        return loaded;
    }

    private boolean voted(String battleId) {
        return arena.battle(battleId).flatMap(BattleView::vote).isPresent();
    }

    private static void numbers(ArrayNode a, List<Double> values) {
        values.forEach(a::add);
    }

    private static <K, V> Map<K, V> lru(int size) {
        return new LinkedHashMap<>(size, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > size;
            }
        };
    }
}
