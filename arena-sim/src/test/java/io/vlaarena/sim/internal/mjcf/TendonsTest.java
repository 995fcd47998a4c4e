package io.vlaarena.sim.internal.mjcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.model.MjModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Fixed tendons' limits and spring-dampers: what they compile to, and the bad input refused with a message. */
@Timeout(30)
class TendonsTest {
    private static final String BODIES = "<worldbody>"
            + "<body name='a'><joint name='h' type='hinge' axis='0 1 0' springref='0.5' stiffness='1'/><geom size='0.1'/></body>"
            + "<body name='b' pos='1 0 0'><joint name='s' type='slide' axis='1 0 0'/><geom size='0.1'/></body>"
            + "<body name='c' pos='2 0 0'><joint name='g' type='hinge' axis='1 0 0'/><geom size='0.1'/></body>"
            + "</worldbody>";

    private static MjModel load(String fixedAttrs) {
        return MjcfLoader.load("<mujoco><compiler angle='degree' autolimits='true'/>" + BODIES + "<tendon><fixed name='t' "
                + fixedAttrs + "><joint joint='h' coef='2'/><joint joint='s' coef='-1'/></fixed></tendon></mujoco>");
    }

    private static void refused(String fixedAttrs, String... fragments) {
        assertThatThrownBy(() -> load(fixedAttrs)).isInstanceOf(SceneException.class).message().contains(fragments);
    }

    @Test
    void compilesLimitsAndSpringsWithMuJoCoDefaults() {
        MjModel m = load("range='-0.5 1.5'");
        assertThat(m.tendon_limited).containsExactly(true);
        // a tendon range is a length: not converted from degrees
        assertThat(m.tendon_range).containsExactly(-0.5, 1.5);
        assertThat(m.tendon_margin).containsExactly(0.0);
        assertThat(m.tendon_solref_lim).containsExactly(0.02, 1.0);
        assertThat(m.tendon_solimp_lim).containsExactly(0.9, 0.95, 0.001, 0.5, 2.0);
        assertThat(m.tendon_stiffness).containsExactly(0.0);
        // the spring length defaults to the length at the spring pose (springref of h = 0.5 deg)
        assertThat(m.tendon_lengthspring[0]).isCloseTo(2 * Math.toRadians(0.5), org.assertj.core.data.Offset.offset(1e-15));

        MjModel n = load("range='-1 1' limited='false' margin='0.1' solreflimit='0.01 0.5' solimplimit='0.8 0.9 0.01'"
                + " stiffness='3' damping='0.2' springlength='0.25'");
        assertThat(n.tendon_limited).containsExactly(false);
        assertThat(n.tendon_margin).containsExactly(0.1);
        assertThat(n.tendon_solref_lim).containsExactly(0.01, 0.5);
        assertThat(n.tendon_solimp_lim).containsExactly(0.8, 0.9, 0.01, 0.5, 2.0);
        assertThat(n.tendon_stiffness).containsExactly(3.0);
        assertThat(n.tendon_damping).containsExactly(0.2);
        assertThat(n.tendon_lengthspring).containsExactly(0.25);
        assertThat(load("limited='true' range='0 1'").tendon_limited).containsExactly(true);
        assertThat(load("").tendon_limited).containsExactly(false);
    }

    @Test
    void refusesAnEmptyOrInvertedRange() {
        refused("range='1 -1'", "'range'", "range[0] < range[1]", "limited tendon");
        refused("range='0.5 0.5'", "'range'", "range[0] < range[1]");
        refused("limited='true'", "'range'", "range[0] < range[1]");
        // an unlimited tendon may carry any range, as in MuJoCo
        assertThat(load("limited='false' range='1 -1'").tendon_limited).containsExactly(false);
    }

    @Test
    void refusesNonFiniteAndNegativeNumbers() {
        refused("range='0 NaN'", "'range'", "non-finite");
        refused("range='-Infinity 1'", "'range'", "non-finite");
        refused("margin='inf'", "'margin'");
        refused("margin='-0.1' range='0 1'", "'margin'", "must not be negative");
        refused("stiffness='-1'", "'stiffness'", "must not be negative");
        refused("damping='-1'", "'damping'", "must not be negative");
        refused("springlength='nan'", "'springlength'", "non-finite");
    }

    @Test
    void refusesBadSolverParameters() {
        // solref mixing the standard and the direct form (MuJoCo would replace it by its default)
        refused("range='0 1' solreflimit='0 1'", "'solreflimit'", "mixes the standard form");
        refused("range='0 1' solreflimit='0.02 1 5'", "'solreflimit'");
        refused("range='0 1' solimplimit='0.9 0.95 0.001 0.5 2 7'", "'solimplimit'");
        refused("range='0 1' solimplimit='0.9 nan'", "'solimplimit'", "non-finite");
    }

    @Test
    void refusesWhatIsNotSupported() {
        refused("class='x'", "unknown default class 'x'");
        refused("frictionloss='-1'", "'frictionloss'", "must not be negative");
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco>" + BODIES + "<tendon><spatial name='sp'/></tendon></mujoco>"))
                .isInstanceOf(SceneException.class).hasMessageContaining("has 0 path elements");
    }

    @Test
    void refusesSpatialPathsMuJoCoRefuses() {
        String world = "<worldbody><site name='a'/><site name='b' pos='1 0 0'/><geom name='ball' size='0.1'/>"
                + "<geom name='box' type='box' size='0.1 0.1 0.1'/></worldbody>";
        java.util.function.Function<String, String> tendon = path -> "<mujoco>" + world + "<tendon><spatial name='t'>" + path
                + "</spatial></tendon></mujoco>";
        assertThatThrownBy(() -> MjcfLoader.load(tendon.apply("<site site='a'/><site site='nope'/>")))
                .hasMessageContaining("unknown site 'nope'");
        assertThatThrownBy(() -> MjcfLoader.load(tendon.apply("<site site='a'/><geom geom='box'/><site site='b'/>")))
                .hasMessageContaining("not a sphere or a cylinder");
        assertThatThrownBy(() -> MjcfLoader.load(tendon.apply("<geom geom='ball'/><site site='a'/><site site='b'/>")))
                .hasMessageContaining("between two sites");
        assertThatThrownBy(() -> MjcfLoader.load(tendon.apply("<site site='a'/><site site='a'/>")))
                .hasMessageContaining("is repeated");
        assertThatThrownBy(() -> MjcfLoader.load(tendon.apply("<site site='a'/><site site='b'/><pulley divisor='2'/>")))
                .hasMessageContaining("ends with a pulley");
        assertThatThrownBy(() -> MjcfLoader.load(tendon.apply("<site site='a'/><pulley divisor='0'/><site site='b'/>")))
                .hasMessageContaining("must be positive");
        assertThatThrownBy(() -> MjcfLoader.load(tendon.apply("<site site='a'/><pulley divisor='2'/><site site='b'/>")))
                .hasMessageContaining("needs a neighbour in the path that is not a pulley");
        assertThatThrownBy(() -> MjcfLoader.load(tendon.apply("<site site='a'/><geom geom='ball' sidesite='x'/><site site='b'/>")))
                .hasMessageContaining("sidesite refers to unknown site 'x'");
        assertThatThrownBy(() -> MjcfLoader.load(tendon.apply("<site site='a'/><joint joint='j'/>")))
                .hasMessageContaining("supported elements under <spatial>: [site, geom, pulley]");
    }

    @Test
    void refusesALimitedTendonSpanningThreeTrees() {
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><compiler autolimits='true'/>" + BODIES
                + "<tendon><fixed name='three' range='0 1'><joint joint='h' coef='1'/><joint joint='s' coef='1'/>"
                + "<joint joint='g' coef='1'/></fixed></tendon></mujoco>")).isInstanceOf(SceneException.class)
                .hasMessageContaining("'three'").hasMessageContaining("3 kinematic trees");
    }

    @Test
    void tendonsTakeTheirDefaultClassesTendonAttributes() {
        String xml = "<mujoco><compiler autolimits='true'/><default><tendon stiffness='3' width='0.02'/>"
                + "<default class='stiff'><tendon stiffness='7' range='-1 1' solimplimit='0 0.99 0.01'/></default></default>"
                + BODIES + "<tendon><fixed name='t1'><joint joint='h' coef='1'/></fixed>"
                + "<fixed name='t2' class='stiff' damping='0.5'><joint joint='s' coef='1'/></fixed></tendon></mujoco>";
        MjModel m = MjcfLoader.load(xml);
        assertThat(m.tendon_stiffness).containsExactly(3.0, 7.0);
        assertThat(m.tendon_damping).containsExactly(0.0, 0.5);
        assertThat(m.tendon_limited).containsExactly(false, true);
        assertThat(m.tendon_solimp_lim).startsWith(0.9, 0.95, 0.001, 0.5, 2.0, 0.0, 0.99, 0.01, 0.5, 2.0);
        assertThatThrownBy(() -> MjcfLoader.load("<mujoco><default><tendon joint='h'/></default></mujoco>"))
                .isInstanceOf(SceneException.class).hasMessageContaining("'joint'");
    }
}
