package io.vlaarena.sim.internal.mjcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.model.MjModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@code <equality>} section: what it compiles to, and the bad input it refuses with a message. */
@Timeout(30)
class EqualitiesTest {
    private static final String BODIES = "<worldbody>"
            + "<body name='a' pos='0 0 1'><freejoint/><geom type='box' size='0.1 0.1 0.1'/></body>"
            + "<body name='b' pos='1 0 1'><joint name='h' type='hinge' axis='0 1 0'/><joint name='s' type='slide' axis='1 0 0'/>"
            + "<geom type='sphere' size='0.1'/></body>"
            + "<body name='c' pos='2 0 1'><joint name='ball' type='ball'/><geom type='sphere' size='0.1'/></body>"
            + "</worldbody><tendon><fixed name='t'><joint joint='h' coef='1'/></fixed></tendon>";

    private static MjModel load(String equality) {
        return MjcfLoader.load("<mujoco><compiler angle='radian'/>" + BODIES + "<equality>" + equality + "</equality></mujoco>");
    }

    private static void refused(String equality, String... fragments) {
        assertThatThrownBy(() -> load(equality)).isInstanceOf(SceneException.class).message().contains(fragments);
    }

    @Test
    void compilesEveryKindWithMuJoCoDefaults() {
        MjModel m = load("<connect name='c1' body1='a' anchor='0 0 0.1'/><weld body1='a' body2='b' active='false'/>"
                + "<joint joint1='h' joint2='s'/><tendon tendon1='t' solimp='0.95 0.99 0.001'/>");
        assertThat(m.neq).isEqualTo(4);
        assertThat(m.eq_type).containsExactly(MjModel.EQ_CONNECT, MjModel.EQ_WELD, MjModel.EQ_JOINT, MjModel.EQ_TENDON);
        assertThat(m.eq_obj2id).containsExactly(0, 2, 2, -1);
        assertThat(m.eq_active).containsExactly(true, false, true, true);
        assertThat(m.eq_name).containsExactly("c1", "", "", "");
        assertThat(m.eq_solref).startsWith(0.02, 1.0);
        assertThat(java.util.Arrays.copyOfRange(m.eq_solimp, 15, 20)).containsExactly(0.95, 0.99, 0.001, 0.5, 2.0);
        // connect: body1's anchor as a world point (body2 = world) at qpos0
        assertThat(java.util.Arrays.copyOfRange(m.eq_data, 3, 6)).containsExactly(0, 0, 1.1);
        // joint: polycoef defaults to 0 1 0 0 0
        assertThat(java.util.Arrays.copyOfRange(m.eq_data, 22, 27)).containsExactly(0, 1, 0, 0, 0);
    }

    @Test
    void refusesUnknownBodyJointAndTendonNames() {
        refused("<connect body1='nope' anchor='0 0 0'/>", "'body1'", "<connect>", "unknown body 'nope'", "known bodies");
        refused("<weld body1='a' body2='ghost'/>", "'body2'", "<weld>", "unknown body 'ghost'");
        refused("<joint joint1='h' joint2='x'/>", "'joint2'", "<joint>", "unknown joint 'x'", "known joints");
        refused("<tendon tendon1='q'/>", "'tendon1'", "<tendon>", "unknown tendon 'q'", "known tendons: [t]");
    }

    @Test
    void refusesMissingObjects() {
        refused("<connect anchor='0 0 0'/>", "'body1'", "is missing");
        refused("<connect body1='a'/>", "'anchor'", "is missing");
        refused("<joint joint2='h'/>", "'joint1'", "is missing");
    }

    @Test
    void refusesAConstraintBetweenABodyAndItself() {
        refused("<weld body1='a' body2='a'/>", "'body2'", "<weld>", "between body 'a' and itself");
        refused("<connect body1='world' anchor='0 0 0'/>", "'body1'", "body2 defaults to the world");
        refused("<joint joint1='h' joint2='h'/>", "'joint2'", "same joint");
        refused("<tendon tendon1='t' tendon2='t'/>", "'tendon2'", "same tendon");
    }

    @Test
    void refusesPolycoefWithTheWrongCount() {
        refused("<joint joint1='h' joint2='s' polycoef='0 1 0'/>", "'polycoef'", "<joint>", "has 3 values", "exactly 5");
        refused("<tendon tendon1='t' polycoef='0 1 0 0 0 0'/>", "'polycoef'", "has 6 values");
    }

    @Test
    void refusesNonFiniteNumbers() {
        refused("<connect body1='a' anchor='0 nan 0'/>", "'anchor'", "<connect>");
        refused("<weld body1='a' relpose='0 0 0 1 0 0 inf'/>", "'relpose'");
        refused("<joint joint1='h' polycoef='0 1 0 0 -inf'/>", "'polycoef'");
        refused("<weld body1='a' torquescale='1e999'/>", "'torquescale'");
    }

    @Test
    void refusesASolrefThatMixesTheStandardAndTheDirectForm() {
        refused("<weld body1='a' solref='0.02 0'/>", "'solref'", "<weld>", "mixes the standard form");
        refused("<weld body1='a' solref='-100 10'/>", "'solref'", "mixes the standard form");
        refused("<weld body1='a' solref='0.02 1 3'/>", "'solref'");
    }

    @Test
    void acceptsTheDirectSolrefFormAndSolimpOutsideItsBoundsAsMuJoCoDoes() {
        // MuJoCo 2.2.2 keeps these as written and clamps solimp when it builds the rows
        MjModel m = load("<weld body1='a' solref='-100 -10' solimp='0 1.2 0.001 1 0.5'/>");
        assertThat(m.eq_solref).startsWith(-100, -10);
        assertThat(m.eq_solimp).startsWith(0, 1.2, 0.001, 1, 0.5);
    }

    @Test
    void refusesWhatIsNotSupported() {
        refused("<joint joint1='ball'/>", "'joint1'", "not a hinge or slide");
        refused("<weld body1='a' relpose='0 0 0 0 0 0 0 1'/>", "'relpose'");
        refused("<distance geom1='x' geom2='y'/>", "<distance>", "not supported");
        refused("<flex/>", "Unknown element <flex>", "[connect, weld, joint, tendon]");
        refused("<connect body1='a' anchor='0 0 0' margin='1'/>", "'margin'");
    }

    @Test
    void refusesATendonWithNoJoints() {
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco>" + "<worldbody><body><joint name='h'/><geom size='0.1'/></body>"
                + "</worldbody><tendon><fixed name='empty'/></tendon><equality><tendon tendon1='empty'/></equality></mujoco>"))
                .isInstanceOf(SceneException.class).hasMessageContaining("has no <joint> entries");
    }

    @Test
    void equalitiesTakeTheirDefaultClassesEqualityAttributes() {
        MjModel m = MjcfLoader.load("<mujoco><compiler angle='radian'/><default><equality solref='0.05 0.8'/>"
                + "<default class='soft'><equality solimp='0.5 0.6 0.01' active='false'/></default></default>" + BODIES
                + "<equality><weld body1='a'/><connect body1='b' anchor='0 0 0' class='soft'/>"
                + "<joint joint1='h' class='soft' solref='0.1 1'/></equality></mujoco>");
        assertThat(m.eq_solref).containsExactly(0.05, 0.8, 0.05, 0.8, 0.1, 1.0);
        assertThat(m.eq_active).containsExactly(true, false, false);
        assertThat(m.eq_solimp).startsWith(0.9, 0.95, 0.001, 0.5, 2.0, 0.5, 0.6, 0.01, 0.5, 2.0);
        refused("<weld body1='a' class='none'/>", "unknown default class 'none'");
    }
}
