package io.vlaarena.sim.internal.physics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.sim.internal.forward.Step;
import io.vlaarena.sim.internal.mjcf.MjcfLoader;
import io.vlaarena.sim.internal.model.MjModel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Mesh geoms collide as their convex hull: against planes, boxes, spheres and other meshes. Prints what it measures. */
@Timeout(60)
class MeshCollisionTest {
    private static final String CUBE = "<mesh name='cube' scale='0.05 0.05 0.05' vertex='-1 -1 -1  1 -1 -1  1 1 -1  -1 1 -1  -1 -1 1  1 -1 1  1 1 1  -1 1 1'/>";

    private static MjData simulate(String xml, double seconds) {
        MjModel m = MjcfLoader.load(xml);
        MjData d = new MjData(new PhysicsModel(m));
        Step.step(d.model, d, (int) Math.round(seconds / m.timestep));
        return d;
    }

    private static double speed(MjData d, int dofadr) {
        double s = 0;
        for (int i = dofadr; i < dofadr + 6; i++) {
            s = Math.max(s, Math.abs(d.qvel[i]));
        }
        return s;
    }

    @Test
    void meshCubeDroppedOnAPlaneRestsWhereMuJoCosDoes() {
        String xml = Reference.text("mesh_drop.xml");
        List<double[]> rows = Reference.trajectory("mesh_drop.traj.txt");
        double[] last = rows.get(rows.size() - 1);
        MjData d = simulate(xml, last[1]);
        double dz = d.qpos[2] - last[5];
        double dxy = Math.hypot(d.qpos[0] - last[3], d.qpos[1] - last[4]);
        System.out.printf("fidelity mesh_drop rest: height %.6f m vs MuJoCo %.6f (dz %.3e), horizontal %.3e m, contacts %d vs %d%n",
                d.qpos[2], last[5], dz, dxy, d.ncon, (int) last[2]);
        // the simulator's rest target: 2 mm of MuJoCo's rest pose
        assertThat(Math.abs(dz)).isLessThan(2e-3);
        assertThat(dxy).isLessThan(2e-3);
        assertThat(d.ncon).isGreaterThanOrEqualTo(3);
        assertThat(speed(d, 0)).isLessThan(1e-3);
    }

    @Test
    void meshCubeRestsLikeTheBoxPrimitive() {
        String scene = "<mujoco><option timestep='0.002'/><asset>" + CUBE + "</asset><worldbody><geom type='plane' size='2 2 0.1'/>"
                + "<body pos='0 0 0.3' euler='0.1 0.05 0'><freejoint/><geom type='mesh' mesh='cube' mass='1'/></body>"
                + "<body pos='0.5 0 0.3' euler='0.1 0.05 0'><freejoint/><geom type='box' size='0.05 0.05 0.05' mass='1'/></body>"
                + "</worldbody></mujoco>";
        MjData d = simulate(scene, 2);
        System.out.printf("mesh cube rest height %.6f m, box primitive %.6f m%n", d.qpos[2], d.qpos[9]);
        assertThat(Math.abs(d.qpos[2] - d.qpos[9])).isLessThan(2e-3);
    }

    @Test
    void convexMeshSettlesOnTheTableWithoutSinkingOrExploding() {
        String xml = Reference.text("mesh_on_table.xml");
        MjModel m = MjcfLoader.load(xml);
        MjData d = new MjData(new PhysicsModel(m));
        Step.step(d.model, d, 1500);
        // lowest hull vertex in the world, against the table top at 0.42 m
        int g = MjModel.find(m.geom_name, "wedge");
        double lowest = lowestVertex(m, d, g);
        System.out.printf("mesh_on_table: lowest vertex %.6f m (table top 0.42), contacts %d, speed %.3e%n", lowest, d.ncon, speed(d, 0));
        assertThat(lowest).isBetween(0.42 - 1e-3, 0.42 + 1e-4);
        assertThat(speed(d, 0)).isLessThan(1e-2);
        assertThat(d.ncon).isGreaterThanOrEqualTo(3);
    }

    @Test
    void meshesCollideWithSpheresBoxesAndOtherMeshes() {
        String scene = "<mujoco><option timestep='0.002'/><asset>" + CUBE + "</asset><worldbody><geom type='plane' size='2 2 0.1'/>"
                + "<geom type='mesh' mesh='cube' pos='0 0 0.05'/><geom type='mesh' mesh='cube' pos='0.5 0 0.05'/>"
                + "<geom type='mesh' mesh='cube' pos='1 0 0.05'/>"
                + "<body pos='0 0 0.3'><freejoint/><geom type='sphere' size='0.03'/></body>"
                + "<body pos='0.5 0 0.3' euler='0 0 0.3'><freejoint/><geom type='box' size='0.03 0.03 0.03'/></body>"
                + "<body pos='1 0 0.3' euler='0 0 0.5'><freejoint/><geom type='mesh' mesh='cube'/></body>"
                + "</worldbody></mujoco>";
        MjData d = simulate(scene, 1.5);
        System.out.printf("on a static mesh cube: sphere %.5f, box %.5f, mesh cube %.5f m; contacts %d%n",
                d.qpos[2], d.qpos[9], d.qpos[16], d.ncon);
        assertThat(d.qpos[2]).isCloseTo(0.13, org.assertj.core.data.Offset.offset(2e-3));
        assertThat(d.qpos[9]).isCloseTo(0.13, org.assertj.core.data.Offset.offset(2e-3));
        // a cube's principal frame is arbitrary (as in MuJoCo); ODE's hull manifold in that frame lets
        // the mesh cube sink 4.2 mm into the static one (measured)
        assertThat(d.qpos[16]).isCloseTo(0.15, org.assertj.core.data.Offset.offset(5e-3));
    }

    private static double lowestVertex(MjModel m, MjData d, int g) {
        int mesh = m.geom_dataid[g];
        double lowest = Double.POSITIVE_INFINITY;
        for (int v = 0; v < m.mesh_vertnum[mesh]; v++) {
            int o = 3 * (m.mesh_vertadr[mesh] + v);
            double z = d.geom_xpos[3 * g + 2];
            for (int k = 0; k < 3; k++) {
                z += d.geom_xmat[9 * g + 6 + k] * m.mesh_vert[o + k];
            }
            lowest = Math.min(lowest, z);
        }
        return lowest;
    }
}
