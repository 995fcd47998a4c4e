package io.vlaarena.openpi;

import io.vlaarena.core.Action;
import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.ActionSpace;
import io.vlaarena.core.ImageSpec;
import io.vlaarena.core.ObservationSpec;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaSpec;
import java.util.ArrayList;
import java.util.List;

/** Small real policies for serving tests. */
final class TestPolicies {
    private TestPolicies() {}

    /**
     * A policy shaped like pi0-DROID on the arena side: two 224×224 images (primary, wrist), qpos, 8
     * joint-velocity values; its chunk of 10 encodes what it saw: action t, value i = qpos[i] + t /
     * 100 for i < 7, and the gripper value is the mean of the primary image's first pixel / 255.
     */
    static Vla droidShaped(String id) {
        VlaSpec spec = VlaSpec.builder(id).actionDimension(8).actionSpace(ActionSpace.JOINT_VELOCITY).actionHorizon(10)
                .observation(new ObservationSpec(List.of(ImageSpec.of("primary", 224, 224), ImageSpec.of("wrist", 224, 224)),
                        true, 1))
                .build();
        return Vla.stateless(spec, (o, instruction) -> {
            double[] q = o.state().qpos();
            int px = o.image("primary").orElseThrow().rgb(112, 112) >> 16;
            List<Action> chunk = new ArrayList<>();
            for (int t = 0; t < 10; t++) {
                double[] a = new double[8];
                for (int i = 0; i < 7; i++) {
                    a[i] = (i < q.length ? q[i] : 0) + t / 100.0;
                }
                a[7] = px / 255.0 * 0.04;
                chunk.add(new Action(a));
            }
            return new ActionChunk(chunk);
        });
    }
}
