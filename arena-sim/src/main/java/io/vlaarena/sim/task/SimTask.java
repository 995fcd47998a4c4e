package io.vlaarena.sim.task;

import io.vlaarena.core.SceneException;
import io.vlaarena.core.SimState;
import io.vlaarena.core.scene.SceneCatalog;
import io.vlaarena.core.task.Task;
import io.vlaarena.core.task.TaskResult;
import io.vlaarena.sim.SimModel;
import io.vlaarena.sim.Simulation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A task in a simulated scene: an instruction written from a template, a {@link Goal} (the
 * success predicate and progress measure), and the ranges each object's starting pose is drawn
 * from per episode.
 *
 * <p><b>Episodes.</b> {@link #sceneXml(long)} is the composed robot + scene XML with the
 * {@code home} keyframe's object poses drawn from the seed ({@link SplittableRandom}, so the same
 * seed gives the same poses on every JVM) and the goal's regions drawn as flat, non-colliding
 * squares on the table. Objects without a {@link Placement} keep their {@code home} pose; a draw
 * whose objects come closer than {@link Builder#minSeparation} (centre to centre, horizontally),
 * or that starts the goal's object inside its target region, is drawn again.
 *
 * <p><b>Evaluation.</b> {@link #evaluate} replays the states' {@code qpos} through the scene's
 * kinematics and applies the goal's rules (see {@code docs/tasks.md}).
 *
 * <p>Immutable and thread-safe.
 */
public final class SimTask implements Task {
    private static final String QPOS_MARK = "@QPOS@";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int MAX_DRAWS = 10_000;

    private final String id;
    private final String robotId;
    private final String sceneId;
    private final String instruction;
    private final Set<String> phrasings;
    private final Goal goal;
    private final List<Placement> placements;
    private final double minSeparation;
    private final String endEffectorSite;
    private final String xmlTemplate;
    private final SimModel model;
    private final double[] homeQpos;
    private final double[] homeEe;
    private final Map<String, Integer> qposAddress = new HashMap<>();
    private final Map<String, Double> restHeights = new HashMap<>();

    private SimTask(Builder b) {
        this.id = b.id;
        this.robotId = b.catalog.canonicalRobot(b.robotId);
        this.sceneId = b.catalog.canonicalScene(b.sceneId);
        this.goal = Objects.requireNonNull(b.goal, "A task needs a goal: call goal(...)");
        this.instruction = fill(b.template != null ? b.template : goal.template());
        Set<String> ph = new LinkedHashSet<>();
        ph.add(normalize(instruction));
        for (String t : b.phrasings) {
            ph.add(normalize(fill(t)));
        }
        this.phrasings = Set.copyOf(ph);
        this.placements = List.copyOf(b.placements);
        this.minSeparation = b.minSeparation;
        this.endEffectorSite = b.endEffectorSite;
        List<Region> regions = regions(goal);
        this.xmlTemplate = SceneCatalog.edit(b.catalog.composeXml(robotId, sceneId), doc -> {
            Element home = homeKey(doc.getElementsByTagName("key"));
            home.setAttribute("qpos", QPOS_MARK);
            Element world = (Element) doc.getElementsByTagName("worldbody").item(0);
            for (int i = 0; i < regions.size(); i++) {
                Region r = regions.get(i);
                Element g = doc.createElement("geom");
                g.setAttribute("name", "task_region" + (i == 0 ? "" : "_" + i));
                g.setAttribute("type", "box");
                g.setAttribute("contype", "0");
                g.setAttribute("conaffinity", "0");
                g.setAttribute("pos", num(r.centerX()) + " " + num(r.centerY()) + " " + num(b.regionHeight));
                g.setAttribute("size", num((r.xMax() - r.xMin()) / 2) + " " + num((r.yMax() - r.yMin()) / 2) + " 0.0005");
                double[] c = r.rgba();
                g.setAttribute("rgba", num(c[0]) + " " + num(c[1]) + " " + num(c[2]) + " " + num(c[3]));
                world.appendChild(g);
            }
        });
        String homeXml = b.catalog.composeXml(robotId, sceneId);
        SimModel base = SimModel.load(homeXml);
        Simulation sim = base.newSimulation();
        sim.resetToKey(Simulation.HOME_KEY);
        this.homeQpos = sim.qpos();
        this.model = SimModel.load(xmlTemplate.replace(QPOS_MARK, qposText(homeQpos)));
        if (!model.siteNames().contains(endEffectorSite)) {
            throw new IllegalArgumentException("Task '" + id + "' needs the end-effector site '" + endEffectorSite
                    + "'; the scene's sites: " + model.siteNames());
        }
        Set<String> objects = new LinkedHashSet<>(objects(goal));
        placements.forEach(p -> objects.add(p.object()));
        for (String o : objects) {
            int adr = model.freeJointQposAddress(o);
            qposAddress.put(o, adr);
            restHeights.put(o, homeQpos[adr + 2]);
        }
        for (String o : model.freeBodies()) {
            if (!o.isEmpty()) {
                qposAddress.put(o, model.freeJointQposAddress(o));
            }
        }
        Simulation home = model.newSimulation();
        home.setQpos(homeQpos);
        this.homeEe = home.sitePosition(endEffectorSite);
        initialQpos(0); // fails now, not at the first episode, when the ranges cannot be satisfied
    }

    /**
     * A builder for a task on {@code robotId} in {@code sceneId} of {@code catalog} (ids or aliases).
     * The composed scene needs a {@code home} keyframe.
     */
    public static Builder builder(SceneCatalog catalog, String robotId, String sceneId) {
        return new Builder(catalog, robotId, sceneId);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String robotId() {
        return robotId;
    }

    @Override
    public String sceneId() {
        return sceneId;
    }

    @Override
    public String instruction() {
        return instruction;
    }

    @Override
    public boolean matches(String text) {
        return text != null && phrasings.contains(normalize(text));
    }

    /** The goal: what must happen to which object. */
    public Goal goal() {
        return goal;
    }

    /** The ranges the objects' starting poses are drawn from. */
    public List<Placement> placements() {
        return placements;
    }

    /** The least horizontal distance between two objects' centres at the start, in metres. */
    public double minSeparation() {
        return minSeparation;
    }

    /** The site whose position counts as the robot's end-effector. */
    public String endEffectorSite() {
        return endEffectorSite;
    }

    /** The compiled scene of the task's episodes (the layout is the same for every seed). */
    public SimModel model() {
        return model;
    }

    /** Where the object rests on the table: its centre's height in the {@code home} keyframe. */
    public double restHeight(String object) {
        Double z = restHeights.get(object);
        if (z == null) {
            return homeQpos[model.freeJointQposAddress(object) + 2];
        }
        return z;
    }

    /** The initial {@code qpos} of the episode with this seed: {@code home} with the objects placed from the seed. */
    public double[] initialQpos(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] q = homeQpos.clone();
        for (int draw = 0; draw < MAX_DRAWS; draw++) {
            for (Placement p : placements) {
                int a = qposAddress.get(p.object());
                q[a] = uniform(random, p.xMin(), p.xMax());
                q[a + 1] = uniform(random, p.yMin(), p.yMax());
                double yaw = uniform(random, p.yawMin(), p.yawMax());
                double[] home = {homeQpos[a + 3], homeQpos[a + 4], homeQpos[a + 5], homeQpos[a + 6]};
                double[] turned = yawTimes(yaw, home);
                System.arraycopy(turned, 0, q, a + 3, 4);
            }
            if (acceptable(q)) {
                return q;
            }
        }
        throw new IllegalStateException("Task '" + id + "' could not place its objects " + minSeparation
                + " m apart within its ranges in " + MAX_DRAWS + " draws; widen the ranges or lower the separation");
    }

    @Override
    public String sceneXml(long seed) {
        return xmlTemplate.replace(QPOS_MARK, qposText(initialQpos(seed)));
    }

    @Override
    public TaskResult evaluate(List<SimState> states) {
        Objects.requireNonNull(states, "states");
        if (states.isEmpty()) {
            return TaskResult.NONE;
        }
        return Scoring.score(goal, new Trace(model, endEffectorSite, objects(goal), restHeights, homeEe, states));
    }

    private boolean acceptable(double[] q) {
        List<double[]> xy = new ArrayList<>();
        for (int a : qposAddress.values()) {
            xy.add(new double[] {q[a], q[a + 1]});
        }
        for (int i = 0; i < xy.size(); i++) {
            for (int j = i + 1; j < xy.size(); j++) {
                if (Math.hypot(xy.get(i)[0] - xy.get(j)[0], xy.get(i)[1] - xy.get(j)[1]) < minSeparation) {
                    return false;
                }
            }
        }
        Region target = goal instanceof Goal.PlacedIn g ? g.region() : goal instanceof Goal.Pushed g ? g.region() : null;
        if (target != null) {
            int a = qposAddress.get(goal.object());
            return !target.contains(q[a], q[a + 1]);
        }
        return true;
    }

    private String fill(String template) {
        String t = template.replace("{object}", displayName(goal.object()));
        if (goal instanceof Goal.PlacedOn g) {
            t = t.replace("{support}", displayName(g.support()));
        }
        Region r = goal instanceof Goal.PlacedIn g ? g.region() : goal instanceof Goal.Pushed g ? g.region() : null;
        if (r != null) {
            t = t.replace("{region}", r.name());
        }
        if (t.contains("{")) {
            throw new IllegalArgumentException("The instruction template '" + template + "' of task '" + id
                    + "' has a placeholder this goal does not fill; " + goal.getClass().getSimpleName()
                    + " fills {object}" + (goal instanceof Goal.PlacedOn ? ", {support}" : r != null ? ", {region}" : ""));
        }
        return t;
    }

    /** How instructions name an object: its body name with underscores as spaces ({@code red_cube} → "red cube"). */
    public static String displayName(String body) {
        return body.replace('_', ' ');
    }

    /** Lower case, punctuation as spaces, single spaces, trimmed. */
    static String normalize(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();
    }

    static List<String> objects(Goal goal) {
        return goal instanceof Goal.PlacedOn g ? List.of(g.object(), g.support()) : List.of(goal.object());
    }

    private static List<Region> regions(Goal goal) {
        if (goal instanceof Goal.PlacedIn g) {
            return List.of(g.region());
        }
        if (goal instanceof Goal.Pushed g) {
            return List.of(g.region());
        }
        return List.of();
    }

    private Element homeKey(NodeList keys) {
        for (int i = 0; i < keys.getLength(); i++) {
            Element k = (Element) keys.item(i);
            if (Simulation.HOME_KEY.equals(k.getAttribute("name"))) {
                return k;
            }
        }
        throw new SceneException("Task '" + id + "' needs a '" + Simulation.HOME_KEY + "' keyframe in the scene of robot '"
                + robotId + "' and scene '" + sceneId + "'; it has none");
    }

    private static double uniform(SplittableRandom r, double lo, double hi) {
        return lo == hi ? lo : lo + (hi - lo) * r.nextDouble();
    }

    /** The quaternion of a turn by {@code yaw} about the world z axis, applied after {@code q} (w x y z). */
    private static double[] yawTimes(double yaw, double[] q) {
        double c = Math.cos(yaw / 2);
        double s = Math.sin(yaw / 2);
        return new double[] {c * q[0] - s * q[3], c * q[1] - s * q[2], c * q[2] + s * q[1], c * q[3] + s * q[0]};
    }

    private static String qposText(double[] q) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < q.length; i++) {
            sb.append(i == 0 ? "" : " ").append(q[i]);
        }
        return sb.toString();
    }

    private static String num(double v) {
        return Double.toString(v);
    }

    @Override
    public String toString() {
        return "SimTask[" + id + ": \"" + instruction + "\" on " + robotId + "/" + sceneId + "]";
    }

    /** Builds {@link SimTask}s; not thread-safe. */
    public static final class Builder {
        private final SceneCatalog catalog;
        private final String robotId;
        private final String sceneId;
        private String id;
        private Goal goal;
        private String template;
        private final List<String> phrasings = new ArrayList<>();
        private final List<Placement> placements = new ArrayList<>();
        private double minSeparation = 0.1;
        private String endEffectorSite = "ee_site";
        private double regionHeight = 0.3005;

        private Builder(SceneCatalog catalog, String robotId, String sceneId) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            this.robotId = Objects.requireNonNull(robotId, "robotId");
            this.sceneId = Objects.requireNonNull(sceneId, "sceneId");
        }

        /** The task's id (required): 1 to 64 of letters, digits, {@code _ . -}. */
        public Builder id(String id) {
            if (id == null || !ID.matcher(id).matches()) {
                throw new IllegalArgumentException("A task id is 1 to 64 letters, digits, '_', '.' or '-', was '" + id + "'");
            }
            this.id = id;
            return this;
        }

        /** What must happen (required). */
        public Builder goal(Goal goal) {
            this.goal = Objects.requireNonNull(goal, "goal");
            return this;
        }

        /** The instruction template (default: the goal's, e.g. "pick up the {object}"). */
        public Builder instruction(String template) {
            this.template = Objects.requireNonNull(template, "template");
            return this;
        }

        /** Other templates of instructions that ask for this task, e.g. "lift the {object}". */
        public Builder phrasings(String... templates) {
            for (String t : templates) {
                phrasings.add(Objects.requireNonNull(t, "phrasing"));
            }
            return this;
        }

        /** Where an object may start; objects without one keep their {@code home} pose. */
        public Builder place(Placement placement) {
            for (Placement p : placements) {
                if (p.object().equals(placement.object())) {
                    throw new IllegalArgumentException("Object '" + p.object() + "' is placed twice");
                }
            }
            placements.add(Objects.requireNonNull(placement, "placement"));
            return this;
        }

        /** The least horizontal distance between objects' centres at the start (default 0.1 m). */
        public Builder minSeparation(double metres) {
            if (!(metres >= 0) || !Double.isFinite(metres)) {
                throw new IllegalArgumentException("minSeparation must be finite and not negative, was " + metres);
            }
            this.minSeparation = metres;
            return this;
        }

        /** The end-effector site (default {@code ee_site}). */
        public Builder endEffectorSite(String site) {
            this.endEffectorSite = Objects.requireNonNull(site, "site");
            return this;
        }

        /** The height the goal's regions are drawn at: just above the table top (default 0.3005 m, the bundled table's top). */
        public Builder regionHeight(double z) {
            if (!Double.isFinite(z)) {
                throw new IllegalArgumentException("regionHeight must be finite, was " + z);
            }
            this.regionHeight = z;
            return this;
        }

        /**
         * Builds the task: composes and compiles its scene and checks that its objects exist with
         * free joints and that its ranges can be satisfied.
         *
         * @throws IllegalArgumentException for a missing id or goal, an unknown object or site
         * @throws io.vlaarena.core.NotFoundException for an unknown robot or scene
         * @throws IllegalStateException when the ranges cannot place the objects apart
         */
        public SimTask build() {
            if (id == null) {
                throw new IllegalArgumentException("A task needs an id: call id(...)");
            }
            return new SimTask(this);
        }
    }
}
