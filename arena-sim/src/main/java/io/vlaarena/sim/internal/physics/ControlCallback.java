package io.vlaarena.sim.internal.physics;

/**
 * MuJoCo's {@code mjcb_control}, per rollout: called by every forward pass after the velocity
 * stage (positions, {@code qM} and its factorization, {@code qfrc_bias} and {@code qfrc_passive}
 * are computed for the current state) and before actuation, so a controller can set
 * {@code ctrl} or {@code qfrc_applied} from them without recomputing the smooth dynamics.
 */
@FunctionalInterface
public interface ControlCallback {
    /** The callback that does nothing. */
    ControlCallback NONE = (m, d) -> { };

    /** Sets controls or applied forces for this forward pass; must not change the state. */
    void control(PhysicsModel m, MjData d);
}
