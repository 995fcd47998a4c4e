package io.vlaarena.core.replay;

import io.vlaarena.core.RgbImage;
import io.vlaarena.core.SimState;
import java.util.List;

/**
 * Turns stored states back into something a person can watch, with the simulator's own
 * kinematics: what a scene looks like ({@link #geometry}), where its moving bodies are in each
 * state ({@link #poses}) and a rendered picture of a state ({@link #render}). Both kinds of
 * viewer (a 3D view drawn from the geometry and poses, and rendered frames) see the same moment
 * from the same default viewpoint ({@link SceneGeometry#view()}).
 *
 * <p>A simulator module implements it (arena-sim's {@code MjcfReplayProvider}); the application
 * wires it into whoever serves replays, so that the serving side never depends on the simulator.
 * Scenes are given as MJCF XML, as the arena composes them.
 *
 * <p>Implementations are thread-safe and may cache per scene.
 */
public interface ReplayProvider {

    /**
     * What the scene looks like: its geoms, meshes, lights and the default viewpoint.
     *
     * @throws io.vlaarena.core.SceneException when the XML is not a loadable scene
     */
    SceneGeometry geometry(String sceneXml);

    /**
     * The state an episode of this scene starts from, before its first action (the state the
     * arena's environments reset to).
     *
     * @throws io.vlaarena.core.SceneException when the XML is not a loadable scene
     */
    SimState initialState(String sceneXml);

    /**
     * The world poses of the scene's moving bodies ({@link SceneGeometry#movingBodies()}) in each
     * state, computed by the simulator's forward kinematics.
     *
     * @throws io.vlaarena.core.SceneException when the XML is not a loadable scene
     * @throws IllegalArgumentException when a state's {@code qpos} does not fit the scene
     */
    PoseTrack poses(String sceneXml, List<SimState> states);

    /**
     * Renders one state from the scene's default viewpoint ({@link SceneGeometry#view()}).
     *
     * @throws io.vlaarena.core.SceneException when the XML is not a loadable scene
     * @throws IllegalArgumentException when the state does not fit the scene or the size is not
     *     1..{@link #MAX_FRAME_EDGE} pixels
     */
    RgbImage render(String sceneXml, SimState state, int width, int height);

    /** The largest frame edge {@link #render} accepts, in pixels. */
    int MAX_FRAME_EDGE = 2048;
}
