package io.vlaarena.models;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.Observation;
import io.vlaarena.core.VlaRollout;
import io.vlaarena.sim.EndEffectorIk;
import io.vlaarena.sim.SimModel;
import io.vlaarena.sim.Simulation;
import io.vlaarena.sim.task.Goal;
import io.vlaarena.sim.task.Region;
import io.vlaarena.sim.task.SimTask;
import java.util.ArrayList;
import java.util.List;

/**
 * One episode of the {@link ScriptedExpert}: a list of stages (move above, descend, close, lift,
 * carry, lower, release, retreat, push...) chosen by the task's goal, each with a target for the
 * end-effector and a condition that ends it. Each control step moves a commanded end-effector
 * point towards the stage's target at the stage's speed and turns it into joint targets by IK.
 * Confined to the episode's thread.
 */
final class ExpertRollout implements VlaRollout {
    /** The bundled franka's gripper control: 0.04 open, 0 closed (half the finger opening, metres). */
    static final double OPEN = 0.04;
    static final double CLOSED = 0.0;
    /** The end-effector site sits this far below an object's centre when the fingers hold it. */
    private static final double GRASP_DEPTH = 0.010;
    private static final double ABOVE = 0.12;
    private static final double FAST = 0.08;
    private static final double SLOW = 0.03;
    private static final double GENTLE = 0.015;
    private static final double YAW_STEP = 0.35;
    private static final int MAX_RETRIES = 3;
    private static final double MAX_SAG = 0.02;

    private final SimTask task;
    private final EndEffectorIk ik;
    private final List<String> armJoints = new ArrayList<>();
    private final int[] armAddress;
    private final int[] fingerAddress;
    private final double[] homeRotation;
    private final double homeFingerAngle;
    private final double homePushAngle;
    private final List<Stage> stages = new ArrayList<>();
    private final Goal goal;

    // per step
    private double[] qpos;
    private double[] ee;
    // commanded motion
    private double[] cmd;
    private double[] cmdBefore;
    /** Learned offset between where the IK is aimed and where the servos put the site (gravity sag). */
    private final double[] sag = new double[3];
    private double cmdYaw;
    private double[] qLast;
    private int stage;
    private int inStage;
    private int retries;
    private double graspYaw;
    private double[] graspAt;
    private double[] graspOffset = {0, 0, GRASP_DEPTH};
    private double[] pushDirection;
    /** The stage a failed grasp starts again from. */
    private int retryFrom;
    private double[] lastFingers;

    ExpertRollout(SimTask task) {
        this.task = task;
        this.goal = task.goal();
        SimModel model = task.model();
        for (int u = 0; u < model.nu() - 1; u++) {
            model.actuatorJoint(u).ifPresent(armJoints::add);
        }
        this.armAddress = armJoints.stream().mapToInt(model::jointQposAddress).toArray();
        this.fingerAddress = new int[] {model.jointQposAddress("finger_joint1"), model.jointQposAddress("finger_joint2")};
        this.ik = new EndEffectorIk(model, task.endEffectorSite(), armJoints);
        Simulation home = model.newSimulation();
        home.resetToKey(Simulation.HOME_KEY);
        this.homeRotation = home.siteRotation(task.endEffectorSite());
        this.homeFingerAngle = Math.atan2(homeRotation[4], homeRotation[1]); // hand y axis
        this.homePushAngle = Math.atan2(homeRotation[3], homeRotation[0]); // hand x axis
        plan();
    }

    @Override
    public ActionChunk predict(Observation observation, String instruction) {
        qpos = observation.state().qpos();
        ee = ik.position(qpos);
        if (cmd == null) {
            cmd = ee.clone();
            qLast = new double[armAddress.length];
            for (int i = 0; i < armAddress.length; i++) {
                qLast[i] = qpos[armAddress[i]];
            }
        }
        Target t = stages.get(stage).target();
        for (int guard = 0; guard < stages.size(); guard++) {
            Stage s = stages.get(stage);
            boolean finished = s.done(t) && inStage >= s.minSteps || inStage >= s.maxSteps;
            if (!finished || stage == stages.size() - 1) {
                break;
            }
            s.leave();
            stage = s.next();
            inStage = 0;
            t = stages.get(stage).target();
        }
        inStage++;
        if (cmdBefore != null && stages.get(stage).free && distance(cmd, cmdBefore) < 1e-4) {
            for (int i = 0; i < 3; i++) {
                sag[i] = Math.max(-MAX_SAG, Math.min(MAX_SAG, sag[i] + 0.7 * (cmd[i] - ee[i])));
            }
        }
        cmdBefore = cmd.clone();
        moveCommand(t);
        double[] aim = {cmd[0] + sag[0], cmd[1] + sag[1], cmd[2] + sag[2]};
        double[] q = ik.solve(qpos, qLast, aim, rotation(cmdYaw));
        qLast = q;
        double[] action = new double[q.length + 1];
        System.arraycopy(q, 0, action, 0, q.length);
        action[q.length] = t.gripper;
        lastFingers = new double[] {qpos[fingerAddress[0]], qpos[fingerAddress[1]]};
        return ActionChunk.of(new Action(action));
    }

    private void moveCommand(Target t) {
        double dx = t.pos[0] - cmd[0];
        double dy = t.pos[1] - cmd[1];
        double dz = t.pos[2] - cmd[2];
        double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
        double f = d > t.speed ? t.speed / d : 1;
        cmd[0] += f * dx;
        cmd[1] += f * dy;
        cmd[2] += f * dz;
        double dyaw = t.yaw - cmdYaw;
        cmdYaw += Math.max(-YAW_STEP, Math.min(YAW_STEP, dyaw));
    }

    /** The site rotation for a turn of {@code yaw} about the world z axis from its home orientation. */
    private double[] rotation(double yaw) {
        double c = Math.cos(yaw);
        double s = Math.sin(yaw);
        double[] r = new double[9];
        for (int col = 0; col < 3; col++) {
            double x = homeRotation[col];
            double y = homeRotation[3 + col];
            r[col] = c * x - s * y;
            r[3 + col] = s * x + c * y;
            r[6 + col] = homeRotation[6 + col];
        }
        return r;
    }

    // ---- the plans ------------------------------------------------------------------------------

    private void plan() {
        if (goal instanceof Goal.Lifted g) {
            grasp(g.object());
            double lift = g.height() + 0.07;
            add(new Stage("lift", 12) {
                Target target() {
                    return new Target(graspXy(), restZ(g.object()) - GRASP_DEPTH + lift, graspYaw, CLOSED, SLOW);
                }

                boolean done(Target t) {
                    return lost(g.object());
                }

                int next() {
                    return retry();
                }
            });
            holdStage(CLOSED);
        } else if (goal instanceof Goal.PlacedOn g) {
            grasp(g.object());
            place(g.object(), () -> xyOf(g.support()), () -> obj(g.support())[2] + g.height());
        } else if (goal instanceof Goal.PlacedIn g) {
            grasp(g.object());
            Region r = g.region();
            place(g.object(), () -> new double[] {r.centerX(), r.centerY()}, () -> restZ(g.object()));
        } else if (goal instanceof Goal.Pushed g) {
            push(g.object(), g.region());
        } else {
            reach(((Goal.Reached) goal).object());
        }
    }

    /** Above the object, down around it, close: the first half of grasp-and-lift and pick-and-place. */
    private void grasp(String object) {
        int first = stages.size();
        add(free(new Stage("above", 25) {
            Target target() {
                graspYaw = cubeYaw(object);
                double[] o = obj(object);
                return new Target(o[0], o[1], o[2] + ABOVE, graspYaw, OPEN, FAST);
            }

            boolean done(Target t) {
                return near(t, 0.004) && Math.abs(cmdYaw - t.yaw) < 0.02;
            }

            void leave() {
                graspAt = obj(object);
            }
        }));
        add(new Stage("descend", 15) {
            Target target() {
                return new Target(graspAt[0], graspAt[1], graspAt[2] - GRASP_DEPTH, graspYaw, OPEN, SLOW);
            }

            boolean done(Target t) {
                return near(t, 0.004);
            }
        });
        add(new Stage("close", 2, 6) {
            Target target() {
                return new Target(cmd[0], cmd[1], cmd[2], graspYaw, CLOSED, SLOW);
            }

            boolean done(Target t) {
                return fingersStill();
            }

            void leave() {
                double[] o = obj(object);
                graspOffset = new double[] {o[0] - ee[0], o[1] - ee[1], o[2] - ee[2]};
            }
        });
        retryFrom = first;
    }

    /** Lift to carry height, carry above the place, lower, release, retreat. */
    private void place(String object, java.util.function.Supplier<double[]> placeXy, java.util.function.DoubleSupplier placeZ) {
        add(new Stage("lift", 12) {
            Target target() {
                double z = Math.max(placeZ.getAsDouble(), restZ(object)) + 0.08 - graspOffset[2];
                return new Target(graspXy(), z, graspYaw, CLOSED, SLOW);
            }

            boolean done(Target t) {
                return near(t, 0.015) || lost(object);
            }

            int next() {
                return lost(object) ? retry() : super.next();
            }
        });
        add(new Stage("carry", 20) {
            Target target() {
                double[] p = placeXy.get();
                double z = Math.max(placeZ.getAsDouble(), restZ(object)) + 0.08 - graspOffset[2];
                return new Target(p[0] - graspOffset[0], p[1] - graspOffset[1], z, graspYaw, CLOSED, FAST / 2);
            }

            boolean done(Target t) {
                double[] p = placeXy.get();
                double[] o = obj(object);
                return Math.hypot(o[0] - p[0], o[1] - p[1]) < 0.006 || lost(object);
            }

            int next() {
                return lost(object) ? retry() : super.next();
            }
        });
        add(new Stage("lower", 15) {
            Target target() {
                double[] p = placeXy.get();
                double[] o = obj(object);
                // keep the object over the place while lowering
                double cx = cmd[0] + 0.5 * (p[0] - o[0]);
                double cy = cmd[1] + 0.5 * (p[1] - o[1]);
                return new Target(cx, cy, placeZ.getAsDouble() + 0.004 - graspOffset[2], graspYaw, CLOSED, GENTLE);
            }

            boolean done(Target t) {
                return obj(object)[2] - placeZ.getAsDouble() < 0.008;
            }
        });
        add(new Stage("release", 2, 4) {
            Target target() {
                return new Target(cmd[0], cmd[1], cmd[2], graspYaw, OPEN, GENTLE);
            }

            boolean done(Target t) {
                return fingersStill();
            }
        });
        add(new Stage("retreat", 20) {
            private double[] from;

            Target target() {
                if (from == null) {
                    from = cmd.clone();
                }
                return new Target(from[0], from[1], from[2] + ABOVE, graspYaw, OPEN, SLOW);
            }

            boolean done(Target t) {
                return near(t, 0.01);
            }
        });
        holdStage(OPEN);
    }

    private void push(String object, Region region) {
        double contact = 0.025 + 0.012;
        double margin = 0.025;
        int first = stages.size();
        add(free(new Stage("above", 25) {
            Target target() {
                double[] o = obj(object);
                pushDirection = unit(region.centerX() - o[0], region.centerY() - o[1]);
                graspYaw = wrap(Math.atan2(pushDirection[1], pushDirection[0]) - homePushAngle, Math.PI);
                return new Target(o[0] - pushDirection[0] * (contact + 0.03), o[1] - pushDirection[1] * (contact + 0.03),
                        o[2] + ABOVE, graspYaw, CLOSED, FAST);
            }

            boolean done(Target t) {
                return near(t, 0.004) && Math.abs(cmdYaw - t.yaw) < 0.02;
            }
        }));
        add(new Stage("down", 15) {
            Target target() {
                double[] o = obj(object);
                return new Target(o[0] - pushDirection[0] * (contact + 0.03), o[1] - pushDirection[1] * (contact + 0.03),
                        task.restHeight(object) - 0.013, graspYaw, CLOSED, SLOW);
            }

            boolean done(Target t) {
                return near(t, 0.005);
            }
        });
        add(new Stage("push", 40) {
            Target target() {
                double[] o = obj(object);
                double[] u = unit(region.centerX() - o[0], region.centerY() - o[1]);
                double ahead = 0.02;
                return new Target(o[0] - u[0] * (contact - ahead), o[1] - u[1] * (contact - ahead),
                        task.restHeight(object) - 0.013, graspYaw, CLOSED, 0.015);
            }

            boolean done(Target t) {
                return inside() || misaligned();
            }

            int next() {
                if (inside()) {
                    return index + 1;
                }
                retries++;
                return retries > MAX_RETRIES ? index + 1 : index + 2;
            }

            private boolean inside() {
                double[] o = obj(object);
                return o[0] > region.xMin() + margin && o[0] < region.xMax() - margin && o[1] > region.yMin() + margin
                        && o[1] < region.yMax() - margin;
            }

            /** The hand is no longer behind the object as seen from the region: push again from a new start. */
            private boolean misaligned() {
                double[] o = obj(object);
                double[] u = unit(region.centerX() - o[0], region.centerY() - o[1]);
                double vx = o[0] - ee[0];
                double vy = o[1] - ee[1];
                double along = vx * u[0] + vy * u[1];
                double across = Math.abs(vx * u[1] - vy * u[0]);
                return inStage > 2 && (across > 0.02 || along > contact + 0.03);
            }
        });
        add(new Stage("back off", 20) {
            private double[] from;

            Target target() {
                if (from == null) {
                    from = cmd.clone();
                }
                return new Target(from[0] - pushDirection[0] * 0.05, from[1] - pushDirection[1] * 0.05, from[2] + ABOVE,
                        graspYaw, CLOSED, SLOW);
            }

            boolean done(Target t) {
                return near(t, 0.01);
            }

            int next() {
                return stages.size() - 1;
            }
        });
        add(new Stage("lift off", 10) {
            private double[] from;

            Target target() {
                if (from == null || inStage == 0) {
                    from = cmd.clone();
                }
                return new Target(from[0] - pushDirection[0] * 0.03, from[1] - pushDirection[1] * 0.03, from[2] + 0.06,
                        graspYaw, CLOSED, SLOW);
            }

            boolean done(Target t) {
                return near(t, 0.015);
            }

            int next() {
                return first;
            }
        });
        holdStage(CLOSED);
    }

    private void reach(String object) {
        add(new Stage("above", 25) {
            Target target() {
                double[] o = obj(object);
                return new Target(o[0], o[1], o[2] + ABOVE, 0, CLOSED, FAST);
            }

            boolean done(Target t) {
                return near(t, 0.01);
            }
        });
        add(new Stage("touch", 1_000) {
            Target target() {
                double[] o = obj(object);
                return new Target(o[0], o[1], o[2] + 0.03, 0, CLOSED, SLOW);
            }

            boolean done(Target t) {
                return false;
            }
        });
    }

    private void holdStage(double gripper) {
        add(new Stage("hold", 1_000) {
            private double[] at;

            Target target() {
                if (at == null) {
                    at = cmd.clone();
                }
                return new Target(at[0], at[1], at[2], graspYaw, gripper, SLOW);
            }

            boolean done(Target t) {
                return false;
            }
        });
    }

    private Stage free(Stage s) {
        s.free = true;
        return s;
    }

    private void add(Stage s) {
        s.index = stages.size();
        stages.add(s);
    }

    private int retry() {
        retries++;
        double[] o = obj(goal.object());
        boolean onTable = Math.abs(o[2] - restZ(goal.object())) < 0.02 && Math.hypot(o[0], o[1]) < 0.8;
        return retries > MAX_RETRIES || !onTable ? stages.size() - 1 : retryFrom;
    }

    // ---- what the expert sees -------------------------------------------------------------------

    private double[] obj(String object) {
        int a = task.model().freeJointQposAddress(object);
        return new double[] {qpos[a], qpos[a + 1], qpos[a + 2]};
    }

    private double[] xyOf(String object) {
        double[] o = obj(object);
        return new double[] {o[0], o[1]};
    }

    private double restZ(String object) {
        return task.restHeight(object);
    }

    private double[] graspXy() {
        return new double[] {cmd[0], cmd[1]};
    }

    /** The yaw (relative to the home orientation) that lines the fingers up with the object's faces, within ±45°. */
    private double cubeYaw(String object) {
        int a = task.model().freeJointQposAddress(object);
        double w = qpos[a + 3];
        double x = qpos[a + 4];
        double y = qpos[a + 5];
        double z = qpos[a + 6];
        double objectYaw = Math.atan2(2 * (x * y + w * z), 1 - 2 * (y * y + z * z));
        return wrap(objectYaw - homeFingerAngle, Math.PI / 2);
    }

    /** Whether the object has slipped out of the hand: far from where the grasp put it relative to the end-effector. */
    private boolean lost(String object) {
        double[] o = obj(object);
        double dx = o[0] - ee[0] - graspOffset[0];
        double dy = o[1] - ee[1] - graspOffset[1];
        double dz = o[2] - ee[2] - graspOffset[2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz) > 0.03;
    }

    private boolean near(Target t, double tolerance) {
        double dx = t.pos[0] - ee[0];
        double dy = t.pos[1] - ee[1];
        double dz = t.pos[2] - ee[2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz) < tolerance;
    }

    private boolean fingersStill() {
        return lastFingers != null && Math.abs(qpos[fingerAddress[0]] - lastFingers[0]) < 5e-4
                && Math.abs(qpos[fingerAddress[1]] - lastFingers[1]) < 5e-4;
    }

    /** {@code angle} folded into (-period/2, period/2]. */
    private static double wrap(double angle, double period) {
        double a = angle % period;
        if (a > period / 2) {
            a -= period;
        } else if (a <= -period / 2) {
            a += period;
        }
        return a;
    }

    private static double distance(double[] a, double[] b) {
        return Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
    }

    private static double[] unit(double x, double y) {
        double n = Math.hypot(x, y);
        return n < 1e-9 ? new double[] {1, 0} : new double[] {x / n, y / n};
    }

    /** Where a stage sends the end-effector: position, yaw from home, gripper control, speed (metres per step). */
    private record Target(double[] pos, double yaw, double gripper, double speed) {
        Target(double x, double y, double z, double yaw, double gripper, double speed) {
            this(new double[] {x, y, z}, yaw, gripper, speed);
        }

        Target(double[] xy, double z, double yaw, double gripper, double speed) {
            this(new double[] {xy[0], xy[1], z}, yaw, gripper, speed);
        }
    }

    /** One stage of a plan; ends when {@link #done} holds after {@link #minSteps}, or after {@link #maxSteps}. */
    private abstract class Stage {
        final String name;
        final int minSteps;
        final int maxSteps;
        int index;
        /** Whether the hand moves in free space here (no contact), so the servos' sag can be learned. */
        boolean free;

        Stage(String name, int maxSteps) {
            this(name, 0, maxSteps);
        }

        Stage(String name, int minSteps, int maxSteps) {
            this.name = name;
            this.minSteps = minSteps;
            this.maxSteps = maxSteps;
        }

        abstract Target target();

        abstract boolean done(Target t);

        void leave() {}

        int next() {
            return index + 1;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
