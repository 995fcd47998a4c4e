package io.vlaarena.core;

import java.util.Arrays;
import java.util.Locale;

/** What the numbers of an {@link Action} mean to the environment. */
public enum ActionSpace {
    /**
     * Raw actuator controls, the original arena's semantics: the vector is truncated or
     * zero-padded to the model's actuator count {@code nu}.
     */
    CTRL("ctrl"),
    /** Joint position targets for the robot's actuated joints (plus the gripper), tracked by PD torques. */
    JOINT_POSITION("joint_position"),
    /**
     * End-effector deltas: translation (3, metres), rotation (3, axis-angle radians) and gripper
     * (1), solved to joint targets by damped least-squares inverse kinematics. Octo-style models
     * emit these.
     */
    EE_DELTA("ee_delta"),
    /**
     * Joint velocity targets for the robot's arm joints (rad/s), integrated into position targets
     * over each control period, plus the gripper's target as the last value: DROID's action space
     * (pi0-DROID emits 7 joint velocities and a gripper position).
     */
    JOINT_VELOCITY("joint_velocity");

    private final String wireName;

    ActionSpace(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in JSON, model cards and the command line, e.g. {@code "ee_delta"}. */
    public String wireName() {
        return wireName;
    }

    /** Parses a wire name; throws {@link IllegalArgumentException} naming the valid ones. */
    public static ActionSpace fromWireName(String name) {
        for (ActionSpace s : values()) {
            if (s.wireName.equals(name) || s.name().equals(name.toUpperCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown action space '" + name + "'; known action spaces: "
                + Arrays.stream(values()).map(ActionSpace::wireName).toList());
    }
}
