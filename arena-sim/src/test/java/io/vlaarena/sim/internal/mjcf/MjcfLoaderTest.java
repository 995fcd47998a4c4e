package io.vlaarena.sim.internal.mjcf;

import io.vlaarena.sim.internal.util.Spatial;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.model.MjModel;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MjcfLoaderTest {
    private static final Offset<Double> EPS = within(1e-12);
    private static final double H = Math.sqrt(0.5);

    private static MjModel load(String worldbody) {
        return MjcfLoader.load("<mujoco><worldbody>" + worldbody + "</worldbody></mujoco>");
    }

    /** The first three gain or bias parameters of actuator u. */
    private static double[] gains(double[] a, int u) {
        double[] out = new double[3];
        System.arraycopy(a, MjModel.NGAIN * u, out, 0, 3);
        return out;
    }

    private static double[] slice(double[] a, int index, int n) {
        double[] out = new double[n];
        System.arraycopy(a, index * n, out, 0, n);
        return out;
    }

    private static void assertQuat(double[] actual, double... expected) {
        double dot = 0;
        for (int i = 0; i < 4; i++) {
            dot += actual[i] * expected[i];
        }
        double sign = dot < 0 ? -1 : 1;
        for (int i = 0; i < 4; i++) {
            assertThat(actual[i] * sign).as("quat[%d] of %s", i, java.util.Arrays.toString(actual)).isCloseTo(expected[i], within(1e-12));
        }
    }

    // ---------------------------------------------------------------- layout

    @Test
    void laysOutFreeBallHingeAndSlideJointsInDocumentOrder() {
        MjModel m = load("<body name='f' pos='1 2 3'><freejoint/><geom size='0.1'/>"
                + "  <body name='welded' pos='0 0 1'><geom size='0.1'/>"
                + "    <body name='b'><joint name='ball' type='ball'/><geom size='0.1'/>"
                + "      <body name='hs'><joint name='h' ref='90'/><joint name='s' type='slide' ref='0.25'/><geom size='0.1'/></body>"
                + "    </body></body></body>"
                + "<body name='static'><geom size='0.1'/></body>");
        assertThat(m.nq).isEqualTo(7 + 4 + 1 + 1);
        assertThat(m.nv).isEqualTo(6 + 3 + 1 + 1);
        assertThat(m.nbody).isEqualTo(6);
        assertThat(m.jnt_qposadr).containsExactly(0, 7, 11, 12);
        assertThat(m.jnt_dofadr).containsExactly(0, 6, 9, 10);
        assertThat(m.jnt_bodyid).containsExactly(1, 3, 4, 4);
        assertThat(m.qpos0).containsExactly(new double[] {1, 2, 3, 1, 0, 0, 0, 1, 0, 0, 0, Math.PI / 2, 0.25}, EPS);
        assertThat(m.body_weldid).containsExactly(0, 1, 1, 3, 4, 0);
        assertThat(m.body_parentid).containsExactly(0, 0, 1, 2, 3, 0);
        assertThat(m.body_jntadr).containsExactly(-1, 0, -1, 1, 2, -1);
        assertThat(m.body_jntnum).containsExactly(0, 1, 0, 1, 2, 0);
        assertThat(m.body_dofadr).containsExactly(-1, 0, -1, 6, 9, -1);
        assertThat(m.body_dofnum).containsExactly(0, 6, 0, 3, 2, 0);
        assertThat(m.dof_parentid).containsExactly(-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(m.dof_jntid).containsExactly(0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 3);
        assertThat(m.body_mass[2]).as("a welded body keeps its own mass").isCloseTo(4.0 / 3 * Math.PI * 0.001 * 1000, EPS);
    }

    @Test
    void freeJointQposIsTheBodyPose() {
        MjModel m = load("<body pos='0 0 1' euler='0 0 90'><freejoint/><geom size='0.1'/></body>");
        assertThat(slice(m.qpos0, 0, 3)).containsExactly(new double[] {0, 0, 1}, EPS);
        assertQuat(new double[] {m.qpos0[3], m.qpos0[4], m.qpos0[5], m.qpos0[6]}, H, 0, 0, H);
    }

    @Test
    void freeAndBallDofsShareTheJointsDampingAndArmature() {
        MjModel m = load("<body><joint type='free' damping='2' armature='0.5'/><geom size='0.1'/></body>");
        assertThat(m.dof_damping).containsExactly(2, 2, 2, 2, 2, 2);
        assertThat(m.dof_armature).containsExactly(0.5, 0.5, 0.5, 0.5, 0.5, 0.5);
    }

    @Test
    void freejointElementIgnoresDefaultClasses() {
        MjModel m = MjcfLoader.load("<mujoco><default><joint damping='3'/></default><worldbody>"
                + "<body><freejoint/><geom size='0.1'/></body></worldbody></mujoco>");
        assertThat(m.dof_damping).containsOnly(0.0);
    }

    // ---------------------------------------------------------------- units and orientations

    @Test
    void anglesDefaultToDegreesForHingeRangeAndRef() {
        MjModel m = load("<body><joint range='-90 45' ref='30' springref='60'/><geom size='0.1'/></body>"
                + "<body><joint type='slide' range='-90 45' ref='30'/><geom size='0.1'/></body>");
        assertThat(slice(m.jnt_range, 0, 2)).containsExactly(new double[] {-Math.PI / 2, Math.PI / 4}, EPS);
        assertThat(m.jnt_limited[0]).isTrue();
        assertThat(m.qpos0[0]).isCloseTo(Math.PI / 6, EPS);
        assertThat(m.qpos_spring[0]).isCloseTo(Math.PI / 3, EPS);
        assertThat(slice(m.jnt_range, 1, 2)).as("slide ranges are lengths").containsExactly(-90, 45);
        assertThat(m.qpos0[1]).isEqualTo(30);
    }

    @Test
    void radianCompilerKeepsAnglesAsWritten() {
        MjModel m = MjcfLoader.load("<mujoco><compiler angle='radian'/><worldbody>"
                + "<body axisangle='0 0 1 1.5707963267948966'><joint range='-1 1'/><geom size='0.1'/></body></worldbody></mujoco>");
        assertThat(slice(m.jnt_range, 0, 2)).containsExactly(-1, 1);
        assertQuat(slice(m.body_quat, 1, 4), H, 0, 0, H);
    }

    @Test
    void convertsEulerWithMovingAxesByDefault() {
        MjModel m = load("<body euler='0 90 90'/>");
        assertQuat(slice(m.body_quat, 1, 4), 0.5, 0.5, 0.5, 0.5);
    }

    @Test
    void convertsEulerWithFixedAxesForUppercaseSequence() {
        MjModel m = MjcfLoader.load("<mujoco><compiler eulerseq='XYZ'/><worldbody><body euler='0 90 90'/></worldbody></mujoco>");
        assertQuat(slice(m.body_quat, 1, 4), 0.5, -0.5, 0.5, 0.5);
    }

    @Test
    void convertsAxisAngleXyaxesAndZaxis() {
        MjModel m = load("<body axisangle='0 0 2 90'/><body xyaxes='0 1 0 -1 0.5 0'/><body zaxis='1 0 0'/><body zaxis='0 0 -3'/>"
                + "<body quat='2 0 0 0'/>");
        assertQuat(slice(m.body_quat, 1, 4), H, 0, 0, H);
        assertQuat(slice(m.body_quat, 2, 4), H, 0, 0, H);
        assertQuat(slice(m.body_quat, 3, 4), H, 0, H, 0);
        assertQuat(slice(m.body_quat, 4, 4), 0, 1, 0, 0);
        assertQuat(slice(m.body_quat, 5, 4), 1, 0, 0, 0);
    }

    @Test
    void fromtoSetsMidpointHalfLengthAndAxisFromToTowardsFrom() {
        MjModel m = load("<body><geom type='capsule' fromto='0 0 0 0 0.2 0' size='0.05'/></body>");
        assertThat(slice(m.geom_pos, 0, 3)).containsExactly(new double[] {0, 0.1, 0}, EPS);
        assertThat(slice(m.geom_size, 0, 3)).containsExactly(new double[] {0.05, 0.1, 0}, EPS);
        assertQuat(slice(m.geom_quat, 0, 4), H, H, 0, 0);
    }

    // ---------------------------------------------------------------- inertia

    @Test
    void computesCapsuleInertiaFromGeom() {
        MjModel m = load("<body><joint/><geom type='capsule' size='0.03 0.1' density='800'/></body>");
        double r = 0.03;
        double h = 0.2;
        double cylMass = 800 * Math.PI * r * r * h;
        double capMass = 800 * 4.0 / 3 * Math.PI * r * r * r;
        double perp = cylMass * (3 * r * r + h * h) / 12 + capMass * (2 * r * r / 5 + h * h / 4 + 3 * h * r / 8);
        double axial = cylMass * r * r / 2 + capMass * 2 * r * r / 5;
        assertThat(m.body_mass[1]).isCloseTo(cylMass + capMass, EPS).isCloseTo(0.542867, within(1e-6));
        assertThat(slice(m.body_inertia, 1, 3)).containsExactly(new double[] {perp, perp, axial}, EPS);
        assertThat(perp).isCloseTo(0.00275068, within(1e-8));
        assertThat(axial).isCloseTo(0.000236147, within(1e-9));
    }

    @Test
    void computesBoxSphereCylinderAndEllipsoidInertia() {
        MjModel m = load("<body><joint/><geom type='box' size='0.1 0.2 0.3'/></body>"
                + "<body><joint/><geom type='sphere' size='0.1' mass='2'/></body>"
                + "<body><joint/><geom type='cylinder' size='0.1 0.2'/></body>"
                + "<body><joint/><geom type='ellipsoid' size='0.1 0.2 0.3'/></body>");
        assertThat(m.body_mass[1]).isCloseTo(48, within(1e-9));
        assertThat(slice(m.body_inertia, 1, 3)).containsExactly(new double[] {16 * 0.13, 16 * 0.10, 16 * 0.05}, within(1e-12));
        assertThat(slice(m.body_inertia, 2, 3)).containsExactly(new double[] {0.008, 0.008, 0.008}, EPS);
        double cm = 1000 * Math.PI * 0.01 * 0.4;
        assertThat(slice(m.body_inertia, 3, 3)).containsExactly(
                new double[] {cm * (0.03 + 0.16) / 12, cm * (0.03 + 0.16) / 12, cm * 0.01 / 2}, EPS);
        double em = 1000 * 4.0 / 3 * Math.PI * 0.006;
        assertThat(slice(m.body_inertia, 4, 3)).containsExactly(
                new double[] {em * 0.13 / 5, em * 0.10 / 5, em * 0.05 / 5}, EPS);
    }

    @Test
    void combinesGeomsWithParallelAxisTheoremAndSortsPrincipalMoments() {
        MjModel m = load("<body><joint/><geom size='0.1' pos='0.5 0 0' mass='1'/><geom size='0.1' pos='-0.5 0 0' mass='1'/></body>");
        assertThat(m.body_mass[1]).isEqualTo(2);
        assertThat(slice(m.body_ipos, 1, 3)).containsExactly(new double[] {0, 0, 0}, EPS);
        double s = 2 * 0.4 * 0.01;
        assertThat(slice(m.body_inertia, 1, 3)).containsExactly(new double[] {s + 0.5, s + 0.5, s}, EPS);
        // The principal frame maps its z axis (smallest moment) onto the body's x axis.
        double[] z = Spatial.rotVecQuat(new double[] {0, 0, 1}, slice(m.body_iquat, 1, 4));
        assertThat(Math.abs(z[0])).isCloseTo(1, EPS);
    }

    @Test
    void diagonalizesFullInertia() {
        MjModel m = load("<body><joint/><inertial pos='0 0 0' mass='1' fullinertia='2 3 4 0.1 -0.2 0.3'/></body>");
        double[] q = slice(m.body_iquat, 1, 4);
        double[] in = slice(m.body_inertia, 1, 3);
        assertThat(in[0]).isGreaterThanOrEqualTo(in[1]);
        assertThat(in[1]).isGreaterThanOrEqualTo(in[2]);
        double[] r = Spatial.quat2Mat(q);
        double[] full = {2, 0.1, -0.2, 0.1, 3, 0.3, -0.2, 0.3, 4};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += r[3 * i + k] * in[k] * r[3 * j + k];
                }
                assertThat(s).as("MuJoCo stops its Jacobi sweeps early, as this does").isCloseTo(full[3 * i + j], within(1e-7));
            }
        }
    }

    @Test
    void planesContributeNoMassAndStayInStaticBodies() {
        MjModel m = load("<geom type='plane' size='1 1 0.1'/>");
        assertThat(m.body_mass[0]).isZero();
        assertThatThrownBy(() -> load("<body><joint/><geom size='0.1'/><geom type='plane' size='1 1 1'/></body>"))
                .isInstanceOf(SceneException.class)
                .hasMessageContaining("planes are only allowed in the world");
    }

    @Test
    void rejectsFreeBodyWithZeroMass() {
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><worldbody>\n<body name='box'><freejoint/></body></worldbody></mujoco>"))
                .isInstanceOf(SceneException.class)
                .hasMessage("Free body 'box' at line 2 has zero mass; give its geoms a size/density or an <inertial> mass");
    }

    @Test
    void acceptsMasslessJointedBodyCarryingWeldedMass() {
        MjModel m = load("<body><joint/><body pos='1 0 0'><geom size='0.1'/></body></body>");
        assertThat(m.body_mass[1]).isZero();
        assertThat(m.body_weldid[2]).isEqualTo(1);
    }

    // ---------------------------------------------------------------- defaults

    @Test
    void appliesDefaultClassesChildclassAndClassOverride() {
        MjModel m = MjcfLoader.load("<mujoco><default><geom rgba='1 0 0 1' friction='0.5'/>"
                + "<default class='a'><geom type='box' size='0.1 0.2 0.3' friction='0.7 0.1'/><joint damping='4'/>"
                + "  <default class='b'><geom rgba='0 0 1 1' size='0.05'/></default></default></default>"
                + "<worldbody><body childclass='a'><joint/><geom/><geom class='b'/><geom class='main' size='0.2'/>"
                + "<body><joint class='main'/><geom/></body></body></worldbody></mujoco>");
        assertThat(m.geom_type).containsExactly(MjModel.GEOM_BOX, MjModel.GEOM_BOX, MjModel.GEOM_SPHERE, MjModel.GEOM_BOX);
        assertThat(slice(m.geom_friction, 0, 3)).containsExactly(0.7, 0.1, 0.0001);
        assertThat(slice(m.geom_friction, 2, 3)).containsExactly(0.5, 0.005, 0.0001);
        assertThat(slice(m.geom_size, 1, 3)).as("a short size keeps the class's trailing values").containsExactly(0.05, 0.2, 0.3);
        assertThat(slice(m.geom_rgba, 1, 4)).containsExactly(0, 0, 1, 1);
        assertThat(slice(m.geom_rgba, 3, 4)).containsExactly(1, 0, 0, 1);
        assertThat(m.dof_damping).containsExactly(4, 0);
    }

    @Test
    void rejectsUnknownClass() {
        assertThatThrownBy(() -> load("<body><geom class='nope' size='1'/></body>"))
                .isInstanceOf(SceneException.class)
                .hasMessageContaining("unknown default class 'nope'; known classes: [main]");
    }

    // ---------------------------------------------------------------- actuators, tendons, keys

    @Test
    void compilesMotorPositionAndVelocityActuators() {
        MjModel m = MjcfLoader.load("<mujoco><default><position kp='50'/></default><worldbody><body><joint name='j'/><geom size='0.1'/></body>"
                + "</worldbody><tendon><fixed name='t'><joint joint='j' coef='2'/></fixed></tendon><actuator>"
                + "<motor joint='j' gear='3' ctrlrange='-1 1'/><position joint='j'/><velocity tendon='t' kv='4' forcerange='-5 5'/>"
                + "<motor joint='j' ctrlrange='-1 1' ctrllimited='false'/></actuator></mujoco>");
        assertThat(m.nu).isEqualTo(4);
        assertThat(m.actuator_gear[0]).isEqualTo(3);
        assertThat(m.actuator_ctrllimited).containsExactly(true, false, false, false);
        assertThat(m.actuator_forcelimited).containsExactly(false, false, true, false);
        assertThat(gains(m.actuator_gainprm, 1)).containsExactly(50, 0, 0);
        assertThat(gains(m.actuator_biasprm, 1)).containsExactly(0, -50, 0);
        assertThat(m.actuator_biastype).containsExactly(MjModel.BIAS_NONE, MjModel.BIAS_AFFINE, MjModel.BIAS_AFFINE, MjModel.BIAS_NONE);
        assertThat(gains(m.actuator_gainprm, 2)).containsExactly(4, 0, 0);
        assertThat(gains(m.actuator_biasprm, 2)).containsExactly(0, 0, -4);
        assertThat(m.actuator_trntype[2]).isEqualTo(MjModel.TRN_TENDON);
        assertThat(m.wrap_coef).containsExactly(2);
        assertThat(m.wrap_jntid).containsExactly(0);
    }

    @Test
    void keyframesDefaultToQpos0AndRejectWrongLengths() {
        String scene = "<worldbody><body pos='0 0 1'><freejoint/><geom size='0.1'/></body></worldbody>";
        MjModel m = MjcfLoader.load("<mujoco>" + scene + "<keyframe><key name='k' time='2' qvel='1 2 3 4 5 6'/></keyframe></mujoco>");
        assertThat(m.key_qpos).containsExactly(0, 0, 1, 1, 0, 0, 0);
        assertThat(m.key_qvel).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(m.key_time).containsExactly(2);
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco>" + scene + "\n<keyframe><key qpos='1 2'/></keyframe></mujoco>"))
                .isInstanceOf(SceneException.class)
                .hasMessage("Attribute 'qpos' of <key> at line 2 has 2 values; the model has nq = 7.");
    }

    @Test
    void fillsCamerasLightsSitesMaterialsTexturesAndExcludes() {
        MjModel m = MjcfLoader.load("<mujoco><asset><texture name='grid' type='2d' builtin='checker' width='64' height='64'"
                + " rgb1='1 1 1' rgb2='0 0 0' mark='edge' markrgb='1 0 0'/><material name='floor' texture='grid' texrepeat='4 4'"
                + " reflectance='0.2'/></asset><worldbody><light pos='0 0 3' dir='0 0 -2' castshadow='false'/>"
                + "<camera name='front' pos='1 0 1' xyaxes='0 1 0 -1 0 1'/><geom type='plane' size='1 1 0.1' material='floor'/>"
                + "<body name='a'><site name='s' size='0.02'/><geom size='0.1'/></body><body name='b'><geom size='0.1'/></body>"
                + "</worldbody><contact><exclude body1='a' body2='b'/></contact></mujoco>");
        assertThat(m.ntex).isEqualTo(1);
        assertThat(m.tex_builtin[0]).isEqualTo(MjModel.TEX_BUILTIN_CHECKER);
        assertThat(m.tex_mark[0]).isEqualTo(1);
        assertThat(m.mat_texid).containsExactly(0);
        assertThat(slice(m.mat_texrepeat, 0, 2)).containsExactly(4, 4);
        assertThat(m.geom_matid[0]).isEqualTo(0);
        assertThat(slice(m.light_dir, 0, 3)).containsExactly(0, 0, -1);
        assertThat(m.light_castshadow[0]).isFalse();
        assertThat(m.cam_fovy).containsExactly(45);
        assertThat(m.site_bodyid).containsExactly(1);
        assertThat(slice(m.site_size, 0, 3)).containsExactly(0.02, 0.005, 0.005);
        assertThat(m.exclude_body1).containsExactly(1);
        assertThat(m.exclude_body2).containsExactly(2);
    }

    @Test
    void readsOptionTimestepAndGravity() {
        MjModel m = MjcfLoader.load("<mujoco model='m'><option timestep='0.005' gravity='0 0 -1' integrator='Euler'/></mujoco>");
        assertThat(m.timestep).isEqualTo(0.005);
        assertThat(m.gravity).containsExactly(0, 0, -1);
        assertThat(m.modelName).isEqualTo("m");
    }

    // ---------------------------------------------------------------- errors

    @Test
    void rejectsUnknownElementWithTheSupportedList() {
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco>\n\n<tendonx/></mujoco>"))
                .isInstanceOf(SceneException.class)
                .hasMessageStartingWith("Unknown element <tendonx> at line 3; supported elements under <mujoco>: [compiler,");
    }

    @Test
    void rejectsActuatorWithoutTransmission() {
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><actuator>\n<motor name='a1'/></actuator></mujoco>"))
                .isInstanceOf(SceneException.class)
                .hasMessage("Missing transmission target on <motor> at line 2 (give one of 'joint', 'jointinparent', "
                        + "'tendon', 'cranksite', 'site', 'body')");
    }

    @Test
    void rejectsActuatorOnUnknownJoint() {
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><worldbody><body><joint name='j1'/><geom size='1'/></body></worldbody>"
                + "<actuator>\n<motor name='a1' joint='j9'/></actuator></mujoco>"))
                .isInstanceOf(SceneException.class)
                .hasMessage("Actuator 'a1' at line 2 refers to unknown joint 'j9'; known joints: [j1]");
    }

    @Test
    void rejectsNonFiniteNumbers() {
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><worldbody>\n<geom size='nan'/></worldbody></mujoco>"))
                .isInstanceOf(SceneException.class)
                .hasMessage("Attribute 'size' of <geom> at line 2 has a non-finite number 'nan'");
        assertThatThrownBy(() -> load("<body pos='0 0 1e999'/>")).isInstanceOf(SceneException.class).hasMessageContaining("non-finite");
        assertThatThrownBy(() -> load("<body pos='0 0 -Infinity'/>")).isInstanceOf(SceneException.class).hasMessageContaining("non-finite");
        assertThatThrownBy(() -> load("<body pos='0 0 0x1p3'/>")).isInstanceOf(SceneException.class).hasMessageContaining("not a number");
    }

    @Test
    void rejectsWrongNumberCount() {
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><worldbody>\n<body pos='1 2'/></worldbody></mujoco>"))
                .isInstanceOf(SceneException.class)
                .hasMessage("Attribute 'pos' of <body> at line 2 has 2 numbers ('1 2'); expected 3.");
    }

    @Test
    void rejectsUnsupportedFeaturesClearly() {
        assertThatThrownBy(() -> load("<body><geom type='mesh' mesh='m'/></body>")).isInstanceOf(SceneException.class)
                .hasMessageContaining("refers to unknown mesh 'm'");
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><asset><mesh name='a' file='a.stl'/></asset></mujoco>"))
                .isInstanceOf(SceneException.class).hasMessageContaining("Attribute 'file' of <mesh> at line 1 is refused");
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><asset><hfield name='h' nrow='1' ncol='2' size='1 1 1 1'/></asset></mujoco>"))
                .isInstanceOf(SceneException.class).hasMessageContaining("'nrow' and 'ncol' of at least 2");
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><asset><hfield name='h' file='h.png' size='1 1 1 1'/></asset></mujoco>"))
                .isInstanceOf(SceneException.class).hasMessageContaining("Attribute 'file' of <hfield> at line 1 is refused");
        assertThatThrownBy(() -> load("<camera mode='orbit'/>")).isInstanceOf(SceneException.class)
                .hasMessageContaining("'orbit'").hasMessageContaining("targetbodycom");
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><option integrator='implicitfast'/></mujoco>"))
                .isInstanceOf(SceneException.class).hasMessageContaining("integrator").hasMessageContaining("implicitfast");
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><option><flag override='enable'/></option></mujoco>"))
                .isInstanceOf(SceneException.class).hasMessageContaining("'override'").hasMessageContaining("only the default 'disable'");
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><option><flag gravity='off'/></option></mujoco>"))
                .isInstanceOf(SceneException.class).hasMessageContaining("gravity");
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><worldbody><body><joint name='j'/><geom size='1'/></body></worldbody>"
                + "<actuator><general joint='j' dyntype='user'/></actuator></mujoco>"))
                .isInstanceOf(SceneException.class).hasMessageContaining("user actuator dynamics are not supported");
        assertThatThrownBy(() -> load("<body><geom size='1' fluidshape='box'/></body>")).isInstanceOf(SceneException.class)
                .hasMessage("Attribute 'fluidshape' of <geom> at line 1 has the value 'box'; allowed values: [none, ellipsoid]");
        assertThatThrownBy(() -> load("<body><geom size='1' fluidshape='ellipsoid' fluidcoef='1 2 3 4 5 6'/></body>"))
                .isInstanceOf(SceneException.class).hasMessageContaining("'fluidcoef'").hasMessageContaining("expected 1 to 5");
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><sensor><user dim='1'/></sensor></mujoco>"))
                .isInstanceOf(SceneException.class).hasMessageContaining("Unsupported sensor <user> at line 1");
    }

    @Test
    void readsTheConstraintSolverAndRefusesNamesMuJoCoDoesNotKnow() {
        assertThat(MjcfLoader.load("<mujoco/>").solver).isEqualTo(MjModel.SOL_NEWTON);
        assertThat(MjcfLoader.load("<mujoco><option solver='CG'/></mujoco>").solver).isEqualTo(MjModel.SOL_CG);
        assertThat(MjcfLoader.load("<mujoco><option solver='Newton'/></mujoco>").solver).isEqualTo(MjModel.SOL_NEWTON);
        assertThat(MjcfLoader.load("<mujoco><option solver='PGS'/></mujoco>").solver).isEqualTo(MjModel.SOL_PGS);
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><option solver='PGS' cone='elliptic'/></mujoco>"))
                .isInstanceOf(SceneException.class).hasMessageContaining("is 'elliptic' with solver 'PGS'")
                .hasMessageContaining("only with the 'Newton' solver");
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><option jacobian='banded'/></mujoco>"))
                .isInstanceOf(SceneException.class)
                .hasMessage("Attribute 'jacobian' of <option> at line 1 has the value 'banded'; allowed values: [dense, sparse, auto]");
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><option solver='newton'/></mujoco>"))
                .isInstanceOf(SceneException.class)
                .hasMessage("Attribute 'solver' of <option> at line 1 has the value 'newton'; allowed values: [PGS, CG, Newton]");
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><option solver='LBFGS'/></mujoco>"))
                .isInstanceOf(SceneException.class).hasMessageContaining("'LBFGS'").hasMessageContaining("[PGS, CG, Newton]");
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><option solver='CG' cone='elliptic'/></mujoco>"))
                .isInstanceOf(SceneException.class).hasMessage("Attribute 'cone' of <option> at line 1 is 'elliptic' with solver 'CG'; "
                        + "elliptic cones are simulated only with the 'Newton' solver: use solver=\"Newton\" or cone=\"pyramidal\".");
    }

    @Test
    void readsTheFluidAndRefusesNegativeOrNonFiniteValues() {
        MjModel m = MjcfLoader.load("<mujoco><option density='1.2' viscosity='1.8e-5' wind='1 -2 0.5'/></mujoco>");
        assertThat(m.density).isEqualTo(1.2);
        assertThat(m.viscosity).isEqualTo(1.8e-5);
        assertThat(m.wind).containsExactly(1, -2, 0.5);
        assertThat(MjcfLoader.load("<mujoco/>").density).isZero();
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><option density='-1'/></mujoco>"))
                .isInstanceOf(SceneException.class).hasMessage("Attribute 'density' of <option> at line 1 must not be negative, got -1.0.");
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><option viscosity='-0.001'/></mujoco>"))
                .isInstanceOf(SceneException.class)
                .hasMessage("Attribute 'viscosity' of <option> at line 1 must not be negative, got -0.001.");
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><option viscosity='nan'/></mujoco>"))
                .isInstanceOf(SceneException.class).hasMessageContaining("'viscosity'").hasMessageContaining("non-finite");
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><option wind='1 inf 0'/></mujoco>"))
                .isInstanceOf(SceneException.class).hasMessageContaining("'wind'").hasMessageContaining("non-finite");
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><option wind='1 0'/></mujoco>"))
                .isInstanceOf(SceneException.class).hasMessageContaining("'wind'").hasMessageContaining("expected 3");
        assertThat(MjcfLoader.load("<mujoco><option integrator='implicit' viscosity='0.1'/></mujoco>").viscosity).isEqualTo(0.1);
    }

    @Test
    void rejectsRangeWithoutLimitedWhenAutolimitsIsOff() {
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><compiler autolimits='false'/><worldbody><body><joint range='0 1'/>"
                + "<geom size='1'/></body></worldbody></mujoco>"))
                .isInstanceOf(SceneException.class)
                .hasMessageContaining("autolimits");
    }

    @Test
    void rejectsFreeJointBelowTopLevelAndRepeatedNames() {
        assertThatThrownBy(() -> load("<body><body><freejoint/><geom size='1'/></body></body>"))
                .isInstanceOf(SceneException.class).hasMessageContaining("top-level");
        assertThatThrownBy(() -> load("<body name='a'/><body name='a'/>"))
                .isInstanceOf(SceneException.class).hasMessageContaining("Repeated body name 'a'");
    }

    // ---------------------------------------------------------------- MuJoCo 2.x quirks kept on purpose

    @Test
    void masslessBodyReportsItsOwnFrameAsInertialFrame() {
        MjModel m = load("<body pos='1 2 3' euler='0 0 90'/>");
        assertThat(m.body_mass[1]).isZero();
        assertThat(slice(m.body_ipos, 1, 3)).containsExactly(1, 2, 3);
        assertQuat(slice(m.body_iquat, 1, 4), H, 0, 0, H);
    }

    @Test
    void unlimitedHingeRangeStaysAsWritten() {
        MjModel m = load("<body><joint limited='false' range='-90 90'/><geom size='0.1'/></body>");
        assertThat(m.jnt_limited[0]).isFalse();
        assertThat(slice(m.jnt_range, 0, 2)).containsExactly(-90, 90);
    }

    @Test
    void ballJointsReportZAxisAndNeedRangeFromZero() {
        MjModel m = load("<body><joint type='ball' axis='1 0 0' range='0 90'/><geom size='0.1'/></body>");
        assertThat(slice(m.jnt_axis, 0, 3)).containsExactly(0, 0, 1);
        assertThat(slice(m.jnt_range, 0, 2)).containsExactly(new double[] {0, Math.PI / 2}, EPS);
        assertThatThrownBy(() -> load("<body><joint type='ball' range='10 90'/><geom size='0.1'/></body>"))
                .isInstanceOf(SceneException.class).hasMessageContaining("'0 max-angle'");
    }

    @Test
    void rejectsQuatTogetherWithAnAlternativeOrientation() {
        assertThatThrownBy(() -> load("<body quat='1 0 0 0' euler='0 0 90'/>"))
                .isInstanceOf(SceneException.class)
                .hasMessageContaining("multiple orientation specifiers");
    }

    @Test
    void rejectsRepeatedElementInOneDefaultClass() {
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><default><position kp='1'/>\n<position kp='2'/></default></mujoco>"))
                .isInstanceOf(SceneException.class)
                .hasMessage("Repeated <position> at line 2 in default class 'main'; a class holds at most one of each element.");
    }

    @Test
    void rejectsRotationAfterBallJointInOneBody() {
        assertThatThrownBy(() -> load("<body><joint type='ball'/><joint/><geom size='0.1'/></body>"))
                .isInstanceOf(SceneException.class)
                .hasMessageContaining("rotation following a ball joint");
    }
}
