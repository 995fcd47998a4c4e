package com.example.policy;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaSpec;

/**
 * The downstream project's own policy: a fixed joint-space pose, as a stand-in for a real model.
 * It emits the original arena's 8-value ctrl action (7 arm joints and the gripper).
 */
public final class ReachPolicy {
    private ReachPolicy() {}

    /** The policy as a VLA Arena model. */
    public static Vla create() {
        Action reach = Action.of(0.2, -0.4, 0.0, -2.2, 0.0, 1.9, 0.8, 0.04);
        return Vla.stateless(VlaSpec.builder("reach-policy").name("Reach policy").build(),
                (observation, instruction) -> ActionChunk.of(reach));
    }
}
