package io.vlaarena.sim.internal.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vlaarena.sim.internal.model.MjModel;
import org.junit.jupiter.api.Test;

class ForwardKinematicsTest {
    /**
     * World, then body 1 at (1, 0, 0) with one joint of the given type about/along local z (anchor
     * at the body's local (-1, 0, 0), i.e. the world origin), carrying a geom at local (1, 0, 0), a
     * camera at local (0, 0, 1) and a light pointing along local +x.
     */
    private static MjModel oneJoint(int type) {
        MjModel m = new MjModel();
        m.nbody = 2;
        m.body_parentid = new int[] {0, 0};
        m.body_pos = new double[] {0, 0, 0, 1, 0, 0};
        m.body_quat = new double[] {1, 0, 0, 0, 1, 0, 0, 0};
        m.body_jntnum = new int[] {0, 1};
        m.body_jntadr = new int[] {-1, 0};
        m.njnt = 1;
        m.jnt_type = new int[] {type};
        m.jnt_qposadr = new int[] {0};
        m.jnt_pos = new double[] {-1, 0, 0};
        m.jnt_axis = new double[] {0, 0, 1};
        m.nq = type == MjModel.JNT_FREE ? 7 : type == MjModel.JNT_BALL ? 4 : 1;
        m.qpos0 = new double[m.nq];
        if (type == MjModel.JNT_FREE) {
            m.qpos0 = new double[] {1, 0, 0, 1, 0, 0, 0};
        } else if (type == MjModel.JNT_BALL) {
            m.qpos0 = new double[] {1, 0, 0, 0};
        }
        m.ngeom = 1;
        m.geom_bodyid = new int[] {1};
        m.geom_pos = new double[] {1, 0, 0};
        m.geom_quat = new double[] {1, 0, 0, 0};
        m.ncam = 1;
        m.cam_bodyid = new int[] {1};
        m.cam_pos = new double[] {0, 0, 1};
        m.cam_quat = new double[] {1, 0, 0, 0};
        m.nlight = 1;
        m.light_bodyid = new int[] {1};
        m.light_pos = new double[] {0, 0, 0};
        m.light_dir = new double[] {1, 0, 0};
        return m;
    }

    @Test
    void restFrameComposesBodyAndGeomOffsets() {
        RenderFrame f = ForwardKinematics.restFrame(oneJoint(MjModel.JNT_HINGE));

        assertThat(f.geomXpos()).containsExactly(new double[] {2, 0, 0}, within(1e-12));
        assertThat(f.geomXmat()).containsExactly(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, within(1e-12));
        assertThat(f.camXpos()).containsExactly(new double[] {1, 0, 1}, within(1e-12));
        assertThat(f.lightXdir()).containsExactly(new double[] {1, 0, 0}, within(1e-12));
    }

    @Test
    void hingeTurnsTheBodyAboutItsAnchor() {
        RenderFrame f = ForwardKinematics.frame(oneJoint(MjModel.JNT_HINGE), new double[] {Math.PI / 2});

        // The anchor is the world origin: the body swings from (1, 0, 0) to (0, 1, 0).
        assertThat(f.geomXpos()).containsExactly(new double[] {0, 2, 0}, within(1e-12));
        // The geom's x axis (first column) now points along world +y.
        double[] mat = f.geomXmat();
        assertThat(new double[] {mat[0], mat[3], mat[6]}).containsExactly(new double[] {0, 1, 0}, within(1e-12));
        assertThat(f.lightXdir()).containsExactly(new double[] {0, 1, 0}, within(1e-12));
    }

    @Test
    void slideMovesTheBodyAlongItsAxis() {
        RenderFrame f = ForwardKinematics.frame(oneJoint(MjModel.JNT_SLIDE), new double[] {0.25});

        assertThat(f.geomXpos()).containsExactly(new double[] {2, 0, 0.25}, within(1e-12));
    }

    @Test
    void freeJointPlacesTheBodyDirectly() {
        double c = Math.sqrt(0.5);
        RenderFrame f = ForwardKinematics.frame(oneJoint(MjModel.JNT_FREE), new double[] {0, 0, 3, c, 0, 0, c});

        // Rotated 90 degrees about z: the geom offset (1, 0, 0) becomes (0, 1, 0).
        assertThat(f.geomXpos()).containsExactly(new double[] {0, 1, 3}, within(1e-12));
    }

    @Test
    void rejectsShortQpos() {
        assertThatThrownBy(() -> ForwardKinematics.frame(oneJoint(MjModel.JNT_FREE), new double[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("7");
    }
}
