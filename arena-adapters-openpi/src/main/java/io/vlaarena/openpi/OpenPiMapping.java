package io.vlaarena.openpi;

import io.vlaarena.core.ActionSpace;
import io.vlaarena.core.ImageSpec;
import io.vlaarena.core.ModelLoadException;
import io.vlaarena.core.ObservationSpec;
import io.vlaarena.core.Settings;
import io.vlaarena.core.StateSelector;
import io.vlaarena.core.VlaSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * How the arena's observations and actions meet an openpi policy's message keys: which scene
 * camera goes to which key at which size, which proprioceptive values form which state vector,
 * where the instruction goes, and how the policy's action columns become the environment's action.
 * One mapping serves both directions: {@link OpenPiVla} sends observations and reads actions with
 * it, {@link OpenPiServer} reads observations and sends actions with it.
 *
 * <p>Presets follow openpi's examples, for the bundled {@code franka} (cameras {@code front} and
 * {@code wrist_cam}, end-effector site {@code ee_site}, finger opening 0–0.04 m):
 * <ul>
 *   <li>{@link #droid()}: {@code observation/exterior_image_1_left} and
 *       {@code observation/wrist_image_left}, rendered 16:9 (320×180, as DROID's ZED cameras) and
 *       resized with padding to 224×224 uint8; {@code observation/joint_position} [7],
 *       {@code observation/gripper_position} [1] (0 open … 1 closed); {@code prompt}. Actions
 *       [horizon, 8]: 7 joint velocities (DROID's normalized units, clipped to ±1, × 3 rad/s: DROID's
 *       0.2 rad per 15 Hz step) and a gripper position (0 open … 1 closed), executed as
 *       {@code joint_velocity}; 8 actions per answer (DROID's open-loop horizon).
 *   <li>{@link #libero()}: {@code observation/image}, {@code observation/wrist_image} (256×256
 *       renders resized to 224×224), {@code observation/state} [8] = end-effector position (3),
 *       axis-angle (3) and the two finger positions; {@code prompt}. Actions [horizon, 7]:
 *       end-effector deltas clipped to ±1 and scaled as LIBERO's controller does (0.05 m, 0.5 rad per
 *       step) and a gripper command (−1 open … +1 closed), executed as {@code ee_delta}; 5 actions
 *       per answer (LIBERO's replan steps). Images need no 180° turn: LIBERO's renders are upside
 *       down, this renderer's are not.
 *   <li>{@link #aloha()}: channel-first images [3, 224, 224] under {@code images}
 *       ({@code cam_high} from the {@code overhead} camera, rendered 640×480), {@code state} [14] =
 *       {@code qpos[0:14]}; {@code prompt}. Actions [horizon, 14] as joint positions, 10 per answer —
 *       for a bimanual scene with 14 actuators (the bundled franka has 8; use {@code custom} there).
 *   <li>{@code custom}: everything written in {@code models.yaml} ({@link #fromSettings}).
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class OpenPiMapping {
    /** The preset names {@link #preset(String)} knows. */
    public static final List<String> PRESETS = List.of("droid", "libero", "aloha", "custom");

    /** The bundled franka's finger opening range in metres (fully open). */
    static final double FRANKA_GRIPPER_OPEN = 0.04;

    /**
     * One camera image in the policy's messages.
     *
     * @param key where it goes: one key ({@code observation/image}) or a path of nested maps
     *     ({@code [images, cam_high]})
     * @param imageKey the arena-side image key: the key in the {@link VlaSpec} the client renders,
     *     and the key of the served policy's image the server fills ({@code primary}, {@code wrist})
     * @param camera the MJCF camera to render, or {@code null} for the scene's default view
     * @param renderWidth rendered width in pixels
     * @param renderHeight rendered height in pixels
     * @param width width in the message (resized with padding when the render differs)
     * @param height height in the message
     * @param channelsFirst {@code [3, H, W]} instead of {@code [H, W, 3]}
     */
    public record Camera(List<String> key, String imageKey, String camera, int renderWidth, int renderHeight, int width,
            int height, boolean channelsFirst) {
        /** Validates. */
        public Camera {
            key = validKey(key);
            Objects.requireNonNull(imageKey, "imageKey");
            if (renderWidth <= 0 || renderHeight <= 0 || width <= 0 || height <= 0) {
                throw new IllegalArgumentException("Camera '" + String.join("/", key) + "' needs positive sizes, got render "
                        + renderWidth + "x" + renderHeight + " and message " + width + "x" + height);
            }
            if ((long) width * height * 3 > 64L << 20 || (long) renderWidth * renderHeight * 3 > 64L << 20) {
                throw new IllegalArgumentException("Camera '" + String.join("/", key) + "' is larger than 64 MiB");
            }
        }

        /** A camera with the same render and message size. */
        public static Camera of(String key, String imageKey, String camera, int width, int height) {
            return new Camera(List.of(key), imageKey, camera, width, height, width, height, false);
        }
    }

    /**
     * One state vector in the policy's messages: the concatenated values of {@code sources}, each
     * element {@code value · scale + offset}.
     *
     * @param key where it goes, as {@link Camera#key()}
     * @param sources what it is made of, in order
     * @param scale one factor for every element, or one per element
     * @param offset one offset for every element, or one per element
     * @param dtype the array's element type in the message
     */
    public record State(List<String> key, List<StateSelector> sources, List<Double> scale, List<Double> offset,
            DType dtype) {
        /** Validates. */
        public State {
            key = validKey(key);
            sources = List.copyOf(sources);
            if (sources.isEmpty()) {
                throw new IllegalArgumentException("State '" + String.join("/", key) + "' needs at least one source");
            }
            scale = List.copyOf(scale);
            offset = List.copyOf(offset);
            Objects.requireNonNull(dtype, "dtype");
            OptionalLength n = length(sources);
            for (List<Double> l : List.of(scale, offset)) {
                if (l.isEmpty() || l.size() > 1 && n.known && l.size() != n.value) {
                    throw new IllegalArgumentException("State '" + String.join("/", key) + "' has " + n.describe()
                            + " values; give one scale/offset or one per value, got " + l.size());
                }
            }
        }

        /** Unscaled values from {@code sources}, as {@code float64}. */
        public static State of(String key, String... sources) {
            return new State(List.of(key), Arrays.stream(sources).map(StateSelector::parse).toList(), List.of(1.0),
                    List.of(0.0), DType.FLOAT64);
        }

        /** The element count when every source has a fixed length. */
        public Optional<Integer> size() {
            OptionalLength n = length(sources);
            return n.known ? Optional.of(n.value) : Optional.empty();
        }

        double scale(int i) {
            return scale.size() == 1 ? scale.get(0) : scale.get(i);
        }

        double offset(int i) {
            return offset.size() == 1 ? offset.get(0) : offset.get(i);
        }
    }

    private record OptionalLength(boolean known, int value) {
        String describe() {
            return known ? String.valueOf(value) : "a scene-dependent number of";
        }
    }

    private static OptionalLength length(List<StateSelector> sources) {
        int n = 0;
        for (StateSelector s : sources) {
            if (s.length().isEmpty()) {
                return new OptionalLength(false, 0);
            }
            n += s.length().getAsInt();
        }
        return new OptionalLength(true, n);
    }

    /**
     * One value of the environment's action: {@code clamp(a[source], min, max) · scale + offset},
     * or the constant {@code offset} when {@code source} is −1.
     *
     * @param source the policy's action column, or −1
     * @param scale factor
     * @param offset added after scaling
     * @param min lower clip of the policy's value
     * @param max upper clip of the policy's value
     */
    public record ActionDim(int source, double scale, double offset, double min, double max) {
        /** Validates. */
        public ActionDim {
            if (source < -1) {
                throw new IllegalArgumentException("An action column is 0 or more (or -1 for a constant), got " + source);
            }
            if (!Double.isFinite(scale) || !Double.isFinite(offset) || Double.isNaN(min) || Double.isNaN(max) || min > max) {
                throw new IllegalArgumentException("An action value needs a finite scale and offset and min <= max, got "
                        + "scale " + scale + ", offset " + offset + ", clip [" + min + ", " + max + "]");
            }
        }

        /** Column {@code source} unchanged. */
        public static ActionDim identity(int source) {
            return new ActionDim(source, 1, 0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        }

        /** Column {@code source} clipped to [min, max], then scaled and offset. */
        public static ActionDim of(int source, double min, double max, double scale, double offset) {
            return new ActionDim(source, scale, offset, min, max);
        }

        double apply(double a) {
            return Math.max(min, Math.min(max, a)) * scale + offset;
        }
    }

    /**
     * How the policy's actions become the environment's.
     *
     * @param width the policy's action width (the answer's second dimension)
     * @param space the environment's action space
     * @param dims one per environment value
     * @param horizon actions executed per answer (the answer's first ones); 0 = all of them
     */
    public record Actions(int width, ActionSpace space, List<ActionDim> dims, int horizon) {
        /** Validates. */
        public Actions {
            if (width <= 0) {
                throw new IllegalArgumentException("The policy's action width must be positive, got " + width);
            }
            Objects.requireNonNull(space, "space");
            dims = List.copyOf(dims);
            if (dims.isEmpty()) {
                throw new IllegalArgumentException("An action mapping needs at least one environment value");
            }
            for (ActionDim d : dims) {
                if (d.source() >= width) {
                    throw new IllegalArgumentException("An action value reads column " + d.source()
                            + " but the policy's actions are " + width + " wide");
                }
            }
            if (horizon < 0) {
                throw new IllegalArgumentException("The horizon must be 0 (all) or more, got " + horizon);
            }
        }

        /** Every column unchanged, in order. */
        public static Actions identity(int width, ActionSpace space, int horizon) {
            return new Actions(width, space, IntStream.range(0, width).mapToObj(ActionDim::identity).toList(), horizon);
        }

        /** A copy executing {@code n} actions per answer (0 = all). */
        public Actions withHorizon(int n) {
            return new Actions(width, space, dims, n);
        }
    }

    private final String name;
    private final List<Camera> cameras;
    private final List<State> states;
    private final Optional<String> promptKey;
    private final Actions actions;
    private final Map<String, Object> extras;

    private OpenPiMapping(String name, List<Camera> cameras, List<State> states, Optional<String> promptKey,
            Actions actions, Map<String, Object> extras) {
        this.name = Objects.requireNonNull(name, "name");
        this.cameras = List.copyOf(cameras);
        this.states = List.copyOf(states);
        this.promptKey = Objects.requireNonNull(promptKey, "promptKey");
        this.actions = Objects.requireNonNull(actions, "actions");
        this.extras = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extras));
        Set<List<String>> keys = new LinkedHashSet<>();
        for (List<String> k : allKeys()) {
            if (!keys.add(k)) {
                throw new IllegalArgumentException("The mapping '" + name + "' uses the key '" + String.join("/", k)
                        + "' twice");
            }
        }
        OpenPiCodec.encode(this.extras); // extras must be encodable
    }

    private List<List<String>> allKeys() {
        List<List<String>> all = new ArrayList<>();
        cameras.forEach(c -> all.add(c.key()));
        states.forEach(s -> all.add(s.key()));
        promptKey.ifPresent(p -> all.add(List.of(p)));
        extras.keySet().forEach(k -> all.add(List.of(k)));
        return all;
    }

    private static List<String> validKey(List<String> key) {
        List<String> k = List.copyOf(key);
        if (k.isEmpty() || k.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("A message key needs at least one non-empty part, got " + key);
        }
        return k;
    }

    // ---- presets

    /**
     * The mapping that passes a policy's own interface through unchanged, for serving it
     * ({@link OpenPiServer}): each image the spec asks for under {@code observation/<key>} at the
     * spec's size, {@code observation/qpos} (the whole {@code qpos}, when it reads proprioception),
     * {@code prompt}, and its actions as they are ({@code [horizon, dimension]}, every one of a chunk).
     */
    public static OpenPiMapping arena(VlaSpec spec) {
        Builder b = builder("arena");
        for (ImageSpec img : spec.observation().images()) {
            b.camera(new Camera(List.of("observation/" + img.key()), img.key(), img.camera(), img.width(), img.height(),
                    img.width(), img.height(), false));
        }
        if (spec.observation().proprioception()) {
            b.state(State.of("observation/qpos", "qpos"));
        }
        return b.prompt("prompt").actions(Actions.identity(spec.actionDimension(), spec.actionSpace(), 0)).build();
    }

    /** The metadata entry in which {@link OpenPiServer} describes a policy it serves with the arena mapping. */
    public static final String ARENA_METADATA = "arena_policy";

    /** How {@link OpenPiServer} describes the policy behind an arena mapping in its metadata. */
    static Map<String, Object> describe(VlaSpec spec) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", spec.id());
        d.put("action_dimension", spec.actionDimension());
        d.put("action_space", spec.actionSpace().wireName());
        d.put("action_horizon", spec.actionHorizon());
        d.put("proprioception", spec.observation().proprioception());
        List<Object> images = new ArrayList<>();
        for (ImageSpec img : spec.observation().images()) {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("key", img.key());
            if (img.camera() != null) {
                i.put("camera", img.camera());
            }
            i.put("width", img.width());
            i.put("height", img.height());
            images.add(i);
        }
        d.put("images", images);
        return d;
    }

    /**
     * The arena mapping of a policy served by another arena's {@link OpenPiServer}, from the
     * description in its metadata ({@value #ARENA_METADATA}).
     *
     * @throws IllegalArgumentException when the metadata holds no such description or a malformed one
     */
    public static OpenPiMapping arena(Map<String, ?> metadata) {
        if (!(metadata.get(ARENA_METADATA) instanceof Map<?, ?> raw)) {
            throw new IllegalArgumentException("the server's metadata has no '" + ARENA_METADATA + "'; the arena preset "
                    + "works with servers started by arena serve-policy (or OpenPiServer) with the arena mapping");
        }
        @SuppressWarnings("unchecked")
        Settings d = Settings.of((Map<String, ?>) raw, "the server's " + ARENA_METADATA);
        try {
            List<ImageSpec> images = new ArrayList<>();
            for (Settings i : d.sections("images")) {
                images.add(new ImageSpec(i.string("key", "primary"), i.string("camera", null), i.integer("width", 0),
                        i.integer("height", 0)));
            }
            VlaSpec spec = VlaSpec.builder(d.string("id", "remote")).actionDimension(d.integer("action_dimension", 0))
                    .actionSpace(ActionSpace.fromWireName(d.string("action_space", "ctrl")))
                    .actionHorizon(Math.max(1, d.integer("action_horizon", 1)))
                    .observation(new ObservationSpec(images, d.bool("proprioception", true), 1)).build();
            return arena(spec);
        } catch (ModelLoadException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The preset called {@code name}: {@code droid}, {@code libero} or {@code aloha}. */
    public static OpenPiMapping preset(String name) {
        return switch (name) {
            case "droid" -> droid();
            case "libero" -> libero();
            case "aloha" -> aloha();
            default -> throw new IllegalArgumentException("Unknown openpi preset '" + name + "'; presets: " + PRESETS
                    + " (custom is written in models.yaml)");
        };
    }

    /** openpi's DROID interface (pi0-DROID, pi0-FAST-DROID, pi0.5-DROID; RoboArena's defaults). */
    public static OpenPiMapping droid() {
        return builder("droid")
                .camera(new Camera(List.of("observation/exterior_image_1_left"), "primary", "front", 320, 180, 224, 224, false))
                .camera(new Camera(List.of("observation/wrist_image_left"), "wrist", "wrist_cam", 320, 180, 224, 224, false))
                .state(State.of("observation/joint_position", "qpos[0:7]"))
                .state(gripperClosedFraction("observation/gripper_position"))
                .prompt("prompt")
                .actions(new Actions(8, ActionSpace.JOINT_VELOCITY, droidVelocity(), 8))
                .build();
    }

    /** DROID's joint velocity actions: normalized ±1 → × 3 rad/s, and the gripper position 0 open … 1 closed. */
    static List<ActionDim> droidVelocity() {
        List<ActionDim> dims = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            dims.add(ActionDim.of(i, -1, 1, 3.0, 0));
        }
        dims.add(gripperFromClosedFraction(7));
        return dims;
    }

    /** The finger opening as DROID's gripper position: 0 open … 1 closed ({@code 1 − qpos[7] / 0.04}). */
    static State gripperClosedFraction(String key) {
        return new State(List.of(key), List.of(StateSelector.parse("qpos[7]")), List.of(-1 / FRANKA_GRIPPER_OPEN),
                List.of(1.0), DType.FLOAT64);
    }

    /** A gripper position 0 open … 1 closed as the franka's finger opening target in metres. */
    static ActionDim gripperFromClosedFraction(int column) {
        return ActionDim.of(column, 0, 1, -FRANKA_GRIPPER_OPEN, FRANKA_GRIPPER_OPEN);
    }

    /** openpi's LIBERO interface (pi0-LIBERO, pi0-FAST-LIBERO, pi0.5-LIBERO). */
    public static OpenPiMapping libero() {
        List<ActionDim> dims = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            dims.add(ActionDim.of(i, -1, 1, 0.05, 0));
        }
        for (int i = 3; i < 6; i++) {
            dims.add(ActionDim.of(i, -1, 1, 0.5, 0));
        }
        // −1 open … +1 closed → 0.04 … 0 m
        dims.add(ActionDim.of(6, -1, 1, -FRANKA_GRIPPER_OPEN / 2, FRANKA_GRIPPER_OPEN / 2));
        return builder("libero")
                .camera(new Camera(List.of("observation/image"), "primary", "front", 256, 256, 224, 224, false))
                .camera(new Camera(List.of("observation/wrist_image"), "wrist", "wrist_cam", 256, 256, 224, 224, false))
                .state(State.of("observation/state", "site_pos[ee_site]", "site_axis_angle[ee_site]", "qpos[7:9]"))
                .prompt("prompt")
                .actions(new Actions(7, ActionSpace.EE_DELTA, dims, 5))
                .build();
    }

    /** openpi's ALOHA interface (pi0-ALOHA): a bimanual robot with 14 joint-position actions. */
    public static OpenPiMapping aloha() {
        return builder("aloha")
                .camera(new Camera(List.of("images", "cam_high"), "primary", "overhead", 640, 480, 224, 224, true))
                .state(State.of("state", "qpos[0:14]"))
                .prompt("prompt")
                .actions(Actions.identity(14, ActionSpace.JOINT_POSITION, 10))
                .build();
    }

    /**
     * RoboArena's interface, built from the configuration its server sends as metadata
     * ({@code image_resolution}, {@code n_external_cameras}, {@code needs_wrist_camera},
     * {@code needs_stereo_camera}, {@code needs_session_id}, {@code action_space}), with the defaults
     * of RoboArena's evaluation client for what it omits. External camera 1 is {@code front},
     * external camera 2 {@code overhead}, the wrist camera {@code wrist_cam}; a stereo camera's right
     * image is its left one (the simulator has no stereo pairs). Every answer's whole chunk runs.
     *
     * @throws IllegalArgumentException for a configuration outside RoboArena's choices, naming it
     */
    public static OpenPiMapping roboArena(Map<String, ?> config) {
        Settings c = Settings.of(config, "the RoboArena server's configuration");
        int width = 320;
        int height = 180;
        boolean resize = false;
        Object res = config.get("image_resolution");
        if (res != null) {
            double[] hw = c.numbers("image_resolution").orElseThrow();
            if (hw.length != 2 || hw[0] < 1 || hw[1] < 1 || hw[0] > 4096 || hw[1] > 4096) {
                throw new IllegalArgumentException("RoboArena's image_resolution is [height, width] in pixels, got " + res);
            }
            height = (int) hw[0];
            width = (int) hw[1];
            resize = true;
        }
        int external = c.integer("n_external_cameras", 1);
        if (external < 0 || external > 2) {
            throw new IllegalArgumentException("RoboArena's n_external_cameras is 0, 1 or 2, got " + external);
        }
        boolean wrist = c.bool("needs_wrist_camera", true);
        boolean stereo = c.bool("needs_stereo_camera", false);
        String space = c.string("action_space", "joint_position");
        Builder b = builder("roboarena");
        String[] cams = {"front", "overhead"};
        String[] keys = {"primary", "secondary"};
        for (int i = 1; i <= external; i++) {
            b.camera(roboArenaCamera("observation/exterior_image_" + i + "_left", keys[i - 1], cams[i - 1], width, height, resize));
            if (stereo) {
                b.camera(roboArenaCamera("observation/exterior_image_" + i + "_right", keys[i - 1], cams[i - 1], width, height,
                        resize));
            }
        }
        if (wrist) {
            b.camera(roboArenaCamera("observation/wrist_image_left", "wrist", "wrist_cam", width, height, resize));
            if (stereo) {
                b.camera(roboArenaCamera("observation/wrist_image_right", "wrist", "wrist_cam", width, height, resize));
            }
        }
        b.state(State.of("observation/joint_position", "qpos[0:7]"));
        b.state(State.of("observation/cartesian_position", "site_pos[ee_site]", "site_euler[ee_site]"));
        b.state(gripperClosedFraction("observation/gripper_position"));
        b.prompt("prompt");
        Actions actions = switch (space) {
            case "joint_velocity" -> new Actions(8, ActionSpace.JOINT_VELOCITY, droidVelocity(), 0);
            case "joint_position" -> {
                List<ActionDim> dims = new ArrayList<>();
                for (int i = 0; i < 7; i++) {
                    dims.add(ActionDim.identity(i));
                }
                dims.add(gripperFromClosedFraction(7));
                yield new Actions(8, ActionSpace.JOINT_POSITION, dims, 0);
            }
            case "cartesian_velocity" -> {
                // DROID's limits: 0.075 m and 0.15 rad per step at full (±1) velocity
                List<ActionDim> dims = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    dims.add(ActionDim.of(i, -1, 1, i < 3 ? 0.075 : 0.15, 0));
                }
                dims.add(gripperFromClosedFraction(6));
                yield new Actions(7, ActionSpace.EE_DELTA, dims, 0);
            }
            case "cartesian_position" -> throw new IllegalArgumentException("RoboArena's action space 'cartesian_position' "
                    + "(absolute end-effector poses) has no counterpart in the arena's environments; supported: "
                    + "joint_position, joint_velocity, cartesian_velocity");
            default -> throw new IllegalArgumentException("Unknown RoboArena action space '" + space
                    + "'; RoboArena's choices: joint_position, joint_velocity, cartesian_position, cartesian_velocity");
        };
        return b.actions(actions).build();
    }

    private static Camera roboArenaCamera(String key, String imageKey, String camera, int width, int height, boolean resize) {
        return resize ? new Camera(List.of(key), imageKey, camera, 320, 180, width, height, false)
                : new Camera(List.of(key), imageKey, camera, width, height, width, height, false);
    }

    // ---- models.yaml

    /** The keys {@link #fromSettings} reads. */
    static final Set<String> SETTINGS = Set.of("preset", "cameras", "state", "prompt", "actions", "horizon", "extra");

    /**
     * A mapping from settings (a {@code models.yaml} entry): {@code preset} ({@code droid} by default,
     * or {@code libero}, {@code aloha}, {@code custom}), and any of these, which replace the preset's:
     *
     * <pre>{@code
     * cameras:                  # merged by key with the preset's cameras; a new key adds a camera
     *   - key: observation/image          # or a path: [images, cam_high]
     *     image: primary                  # the arena-side image key (default: the key's last part)
     *     camera: front                   # the MJCF camera (default: the scene's default view)
     *     size: [224, 224]                # width, height in the message
     *     render: [320, 180]              # rendered size (default: size)
     *     channels_first: false
     * state:                    # replaces the preset's state vectors
     *   - key: observation/state
     *     from: [qpos[0:7], qpos[7]]      # see StateSelector
     *     scale: 1.0                      # one, or one per value
     *     offset: 0.0
     *     dtype: float64                  # float32, float64, …
     * prompt: prompt            # the instruction's key; null to send none
     * actions:
     *   width: 8                # the policy's action width
     *   space: joint_position   # ctrl, joint_position, joint_velocity, ee_delta
     *   dims:                   # one per environment value; default: every column unchanged
     *     - {from: 0, scale: 1.0, offset: 0.0, clip: [-1, 1]}
     * horizon: 8                # actions executed per answer; 0 = all
     * extra: {key: value}       # constant entries sent with every observation
     * }</pre>
     *
     * @throws ModelLoadException naming the field, for anything wrong
     */
    public static OpenPiMapping fromSettings(Settings s) {
        String preset = s.choice("preset", PRESETS, "droid");
        Builder b = preset.equals("custom") ? builder("custom") : preset(preset).toBuilder();
        try {
            if (s.has("cameras")) {
                List<Camera> merged = new ArrayList<>(preset.equals("custom") ? List.of() : b.cameras);
                for (Settings c : s.sections("cameras")) {
                    Camera cam = camera(c, merged);
                    int at = IntStream.range(0, merged.size()).filter(i -> merged.get(i).key().equals(cam.key()))
                            .findFirst().orElse(-1);
                    if (at >= 0) {
                        merged.set(at, cam);
                    } else {
                        merged.add(cam);
                    }
                }
                b.cameras.clear();
                b.cameras.addAll(merged);
            }
            if (s.has("state")) {
                b.states.clear();
                for (Settings st : s.sections("state")) {
                    b.state(state(st));
                }
            }
            if (s.keys().contains("prompt")) {
                b.prompt = s.string("prompt").orElse(null);
            }
            if (s.has("actions")) {
                b.actions(actions(s.section("actions").orElseThrow(), b.actions));
            }
            if (b.actions == null) {
                throw s.error("actions", "is required for a custom mapping (width and space at least)");
            }
            if (s.has("horizon")) {
                int h = s.integer("horizon", 0);
                if (h < 0) {
                    throw s.error("horizon", "must be 0 (all actions of an answer) or more, got " + h);
                }
                b.actions(b.actions.withHorizon(h));
            }
            s.section("extra").ifPresent(e -> b.extras.putAll(e.asMap()));
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(s.source() + ": " + e.getMessage(), e);
        }
    }

    private static List<String> key(Settings s, String field) {
        List<String> k = s.strings(field);
        if (k.isEmpty()) {
            throw s.error(field, "is required: the message key, or a list of keys for nested maps");
        }
        return k;
    }

    private static Camera camera(Settings c, List<Camera> existing) {
        c.requireOnly(Set.of("key", "image", "camera", "size", "render", "channels_first"));
        List<String> key = key(c, "key");
        Camera base = existing.stream().filter(e -> e.key().equals(key)).findFirst().orElse(null);
        int[] size = size(c, "size", base == null ? null : new int[] {base.width(), base.height()});
        if (size == null) {
            throw c.error("size", "is required for a new camera: [width, height]");
        }
        int[] render = size(c, "render", base == null ? size : new int[] {base.renderWidth(), base.renderHeight()});
        String camera = c.keys().contains("camera") ? c.string("camera").orElse(null) : base == null ? null : base.camera();
        return new Camera(key, c.string("image", base == null ? key.get(key.size() - 1) : base.imageKey()), camera,
                render[0], render[1], size[0], size[1], c.bool("channels_first", base != null && base.channelsFirst()));
    }

    private static int[] size(Settings c, String field, int[] fallback) {
        Optional<double[]> v = c.numbers(field);
        if (v.isEmpty()) {
            return fallback;
        }
        double[] wh = v.get();
        if (wh.length != 2 || wh[0] < 1 || wh[1] < 1 || wh[0] > 8192 || wh[1] > 8192 || wh[0] != Math.rint(wh[0])
                || wh[1] != Math.rint(wh[1])) {
            throw c.error(field, "must be [width, height] in whole pixels from 1 to 8192, got " + Arrays.toString(wh));
        }
        return new int[] {(int) wh[0], (int) wh[1]};
    }

    private static State state(Settings s) {
        s.requireOnly(Set.of("key", "from", "scale", "offset", "dtype"));
        List<String> key = key(s, "key");
        List<String> from = s.strings("from");
        if (from.isEmpty()) {
            throw s.error("from", "is required: the state selectors, e.g. [qpos[0:7]]");
        }
        List<StateSelector> sources = new ArrayList<>();
        for (String f : from) {
            try {
                sources.add(StateSelector.parse(f));
            } catch (IllegalArgumentException e) {
                throw s.error("from", "has a bad selector: " + e.getMessage());
            }
        }
        DType dtype;
        try {
            dtype = DType.parse(s.string("dtype", "float64"));
        } catch (IllegalArgumentException e) {
            throw s.error("dtype", "is not supported: " + e.getMessage());
        }
        return new State(key, sources, boxed(s.numbers("scale").orElse(new double[] {1})),
                boxed(s.numbers("offset").orElse(new double[] {0})), dtype);
    }

    private static List<Double> boxed(double[] v) {
        return Arrays.stream(v).boxed().toList();
    }

    private static Actions actions(Settings a, Actions base) {
        a.requireOnly(Set.of("width", "space", "dims", "horizon"));
        int width = a.integer("width").orElse(base == null ? -1 : base.width());
        if (width <= 0) {
            throw a.error("width", "is required: the policy's action width, a positive integer");
        }
        ActionSpace space;
        try {
            space = a.string("space").map(ActionSpace::fromWireName).orElse(base == null ? null : base.space());
        } catch (IllegalArgumentException e) {
            throw a.error("space", e.getMessage());
        }
        if (space == null) {
            throw a.error("space", "is required: ctrl, joint_position, joint_velocity or ee_delta");
        }
        List<ActionDim> dims = new ArrayList<>();
        List<Settings> given = a.sections("dims");
        if (given.isEmpty()) {
            dims.addAll(base != null && base.width() == width && a.string("space").isEmpty() ? base.dims()
                    : IntStream.range(0, width).mapToObj(ActionDim::identity).toList());
        }
        for (Settings d : given) {
            d.requireOnly(Set.of("from", "scale", "offset", "clip"));
            int from = d.integer("from", -1);
            double[] clip = d.numbers("clip").orElse(new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY});
            if (clip.length != 2) {
                throw d.error("clip", "must be [min, max], got " + Arrays.toString(clip));
            }
            try {
                dims.add(new ActionDim(from, d.number("scale", 1), d.number("offset", 0), clip[0], clip[1]));
            } catch (IllegalArgumentException e) {
                throw d.error("from", e.getMessage());
            }
        }
        int horizon = a.integer("horizon", base == null ? 0 : base.horizon());
        try {
            return new Actions(width, space, dims, horizon);
        } catch (IllegalArgumentException e) {
            throw a.error("dims", e.getMessage());
        }
    }

    // ---- accessors

    /** The preset's name ({@code droid}, …), {@code custom}, or {@code roboarena}. */
    public String name() {
        return name;
    }

    /** The cameras, in message order. */
    public List<Camera> cameras() {
        return cameras;
    }

    /** The state vectors, in message order. */
    public List<State> states() {
        return states;
    }

    /** The instruction's key, if the instruction is sent. */
    public Optional<String> promptKey() {
        return promptKey;
    }

    /** The action mapping. */
    public Actions actions() {
        return actions;
    }

    /** Constant entries sent with every observation. */
    public Map<String, Object> extras() {
        return extras;
    }

    /** The sites the state vectors read. */
    public List<String> sites() {
        Set<String> sites = new LinkedHashSet<>();
        for (State s : states) {
            s.sources().forEach(src -> src.site().ifPresent(sites::add));
        }
        return List.copyOf(sites);
    }

    /**
     * The spec of a policy behind this mapping: the environment's action width and space, the
     * horizon, the images to render (one per distinct image key), proprioception, the sites.
     */
    public VlaSpec spec(String id, String displayName) {
        List<ImageSpec> images = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Camera c : cameras) {
            if (seen.add(c.imageKey())) {
                images.add(new ImageSpec(c.imageKey(), c.camera(), c.renderWidth(), c.renderHeight()));
            }
        }
        return VlaSpec.builder(id).name(displayName).actionDimension(actions.dims().size()).actionSpace(actions.space())
                .actionHorizon(actions.horizon() == 0 ? 1 : actions.horizon())
                .observation(new ObservationSpec(images, !states.isEmpty(), 1, sites())).build();
    }

    /** A builder starting from this mapping. */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.cameras.addAll(cameras);
        b.states.addAll(states);
        b.prompt = promptKey.orElse(null);
        b.actions = actions;
        b.extras.putAll(extras);
        return b;
    }

    /** A builder for a mapping called {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    @Override
    public String toString() {
        return "OpenPiMapping[" + name + ": " + cameras.size() + " camera(s), " + states.size() + " state vector(s), "
                + "actions " + actions.width() + " → " + actions.space().wireName() + " " + actions.dims().size() + "]";
    }

    /** Builds an {@link OpenPiMapping}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private final List<Camera> cameras = new ArrayList<>();
        private final List<State> states = new ArrayList<>();
        private String prompt;
        private Actions actions;
        private final Map<String, Object> extras = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        /** Adds a camera (after the others). */
        public Builder camera(Camera camera) {
            cameras.add(Objects.requireNonNull(camera, "camera"));
            return this;
        }

        /** Adds a state vector (after the others). */
        public Builder state(State state) {
            states.add(Objects.requireNonNull(state, "state"));
            return this;
        }

        /** The instruction's key, or {@code null} to send none. */
        public Builder prompt(String key) {
            this.prompt = key;
            return this;
        }

        /** The action mapping. */
        public Builder actions(Actions actions) {
            this.actions = actions;
            return this;
        }

        /** A constant entry sent with every observation (a string, number, boolean, list or map). */
        public Builder extra(String key, Object value) {
            extras.put(key, value);
            return this;
        }

        /**
         * Builds the mapping.
         *
         * @throws IllegalArgumentException when no action mapping is set, or a key is used twice
         */
        public OpenPiMapping build() {
            if (actions == null) {
                throw new IllegalArgumentException("The mapping '" + name + "' needs an action mapping");
            }
            return new OpenPiMapping(name, cameras, states, Optional.ofNullable(prompt).filter(p -> !p.isBlank()), actions,
                    extras);
        }
    }
}
