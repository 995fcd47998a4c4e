package io.vlaarena.sim;

import io.vlaarena.core.RgbImage;
import io.vlaarena.core.SimState;
import io.vlaarena.core.replay.PoseTrack;
import io.vlaarena.core.replay.ReplayProvider;
import io.vlaarena.core.replay.SceneGeometry;
import io.vlaarena.sim.internal.render.FreeCamera;
import io.vlaarena.sim.internal.render.ReplayGeometry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Replays for MJCF scenes with this simulator's own kinematics and renderer: the geometry of a
 * scene, the world poses of its moving bodies for stored states (forward kinematics of the
 * compiled model, exactly as a simulation computes them) and frames rendered by the pure-Java
 * renderer from the scene's framing camera at its initial state, framed for 4:3 pictures — the same
 * viewpoint a 3D viewer starts from ({@link SceneGeometry#view()}).
 *
 * <p>Scenes compile through an {@link MjcfEnvironmentFactory} (its model cache and file access);
 * per scene the provider keeps the geometry, the initial state and a few simulations to reuse
 * (the last 16 scenes). Thread-safe: share one provider; concurrent calls each borrow their own
 * simulation.
 */
public final class MjcfReplayProvider implements ReplayProvider {
    private static final int CACHE_SIZE = 16;
    private static final int POOLED_SIMULATIONS = 4;
    /** The viewers' shape: replays are framed for 4:3 pictures (the web arena's viewers and default frames). */
    private static final double VIEW_ASPECT = 4.0 / 3;

    private final MjcfEnvironmentFactory environments;
    private final Map<String, Scene> scenes = new LinkedHashMap<>(CACHE_SIZE, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Scene> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private MjcfReplayProvider(MjcfEnvironmentFactory environments) {
        this.environments = Objects.requireNonNull(environments, "environments");
    }

    /** A provider that compiles scenes with a factory of its own (no file access). */
    public static MjcfReplayProvider create() {
        return new MjcfReplayProvider(new MjcfEnvironmentFactory());
    }

    /**
     * A provider that compiles scenes with {@code environments}, sharing its model cache and its
     * file access (use the factory the arena's episodes run in). The factory is not closed.
     */
    public static MjcfReplayProvider of(MjcfEnvironmentFactory environments) {
        return new MjcfReplayProvider(environments);
    }

    @Override
    public SceneGeometry geometry(String sceneXml) {
        return scene(sceneXml).geometry;
    }

    @Override
    public SimState initialState(String sceneXml) {
        return scene(sceneXml).initial;
    }

    @Override
    public PoseTrack poses(String sceneXml, List<SimState> states) {
        Scene scene = scene(sceneXml);
        int bodies = scene.moving.length;
        float[] poses = new float[states.size() * bodies * PoseTrack.FLOATS_PER_POSE];
        List<Double> times = new ArrayList<>(states.size());
        Simulation sim = scene.borrow();
        try {
            for (int f = 0; f < states.size(); f++) {
                SimState s = states.get(f);
                sim.setQpos(checkedQpos(scene, s, f));
                times.add(s.time());
                for (int b = 0; b < bodies; b++) {
                    sim.bodyPose(scene.moving[b], poses, (f * bodies + b) * PoseTrack.FLOATS_PER_POSE);
                }
            }
        } finally {
            scene.giveBack(sim);
        }
        return new PoseTrack(bodies, times, poses);
    }

    @Override
    public RgbImage render(String sceneXml, SimState state, int width, int height) {
        if (width < 1 || height < 1 || width > MAX_FRAME_EDGE || height > MAX_FRAME_EDGE) {
            throw new IllegalArgumentException("A frame is 1.." + MAX_FRAME_EDGE + " pixels per side, got " + width + "x"
                    + height);
        }
        Scene scene = scene(sceneXml);
        Simulation sim = scene.borrow();
        try {
            sim.setQpos(checkedQpos(scene, state, 0));
            return sim.render(scene.view, width, height);
        } finally {
            scene.giveBack(sim);
        }
    }

    private static double[] checkedQpos(Scene scene, SimState s, int frame) {
        if (s.nq() != scene.model.nq()) {
            throw new IllegalArgumentException("State " + frame + " has " + s.nq() + " qpos values but the scene has nq="
                    + scene.model.nq());
        }
        return s.qpos();
    }

    private Scene scene(String sceneXml) {
        Objects.requireNonNull(sceneXml, "sceneXml");
        synchronized (scenes) {
            Scene cached = scenes.get(sceneXml);
            if (cached != null) {
                return cached;
            }
        }
        Scene scene = new Scene(environments.model(sceneXml));
        synchronized (scenes) {
            scenes.putIfAbsent(sceneXml, scene);
            return scenes.get(sceneXml);
        }
    }

    @Override
    public String toString() {
        synchronized (scenes) {
            return "MjcfReplayProvider[" + scenes.size() + " scenes cached]";
        }
    }

    /** One scene's compiled model, description, and simulations to reuse. */
    private static final class Scene {
        final SimModel model;
        final SimState initial;
        final FreeCamera view;
        final SceneGeometry geometry;
        final int[] moving;
        private final ConcurrentLinkedQueue<Simulation> pool = new ConcurrentLinkedQueue<>();

        Scene(SimModel model) {
            this.model = model;
            Simulation sim = model.newSimulation();
            // The state the arena's environments reset to (MjcfEnvironment.reset).
            sim.resetToHome();
            this.initial = sim.state();
            this.view = sim.framingCamera(VIEW_ASPECT);
            this.geometry = sim.geometry(view);
            boolean[] isMoving = ReplayGeometry.movingBodies(model.raw());
            List<Integer> ids = new ArrayList<>();
            for (int b = 0; b < isMoving.length; b++) {
                if (isMoving[b]) {
                    ids.add(b);
                }
            }
            this.moving = ids.stream().mapToInt(Integer::intValue).toArray();
            pool.add(sim);
        }

        Simulation borrow() {
            Simulation sim = pool.poll();
            return sim != null ? sim : model.newSimulation();
        }

        void giveBack(Simulation sim) {
            if (pool.size() < POOLED_SIMULATIONS) {
                pool.add(sim);
            }
        }
    }
}
