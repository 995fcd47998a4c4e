package io.vlaarena.sim.internal.mjcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.SceneException;
import io.vlaarena.sim.internal.model.MjModel;
import org.junit.jupiter.api.Test;

/**
 * The contact attributes of geoms, explicit pairs and options as MuJoCo 2.2.2 reads them, and the
 * values that are refused rather than run as something else. (How they act is held against
 * MuJoCo's runs in ContactParameterFidelityTest.)
 */
class ContactAttributesTest {

    private static MjModel load(String body) {
        return MjcfLoader.load("<mujoco>" + body + "</mujoco>");
    }

    private static final String BODIES = "<worldbody><geom name='floor' type='plane' size='1 1 1'/>"
            + "<body name='a'><freejoint/><geom name='ga' size='0.1' priority='2' solmix='0.3' solref='0.05 0.5'"
            + " solimp='0.8 0.9 0.02' margin='0.01' gap='0.002' condim='6'/></body>"
            + "<body name='b'><freejoint/><geom name='gb' size='0.1' solref='-1000 -20'/></body></worldbody>";

    @Test
    void geomsKeepTheirContactParametersWithMuJoCosDefaultsForTheRest() {
        MjModel m = load(BODIES);
        int a = MjModel.find(m.geom_name, "ga"), b = MjModel.find(m.geom_name, "gb");
        assertThat(m.geom_priority[a]).isEqualTo(2);
        assertThat(m.geom_solmix[a]).isEqualTo(0.3);
        assertThat(new double[] {m.geom_solref[2 * a], m.geom_solref[2 * a + 1]}).containsExactly(0.05, 0.5);
        // solimp given in part: the remaining values stay MuJoCo's defaults (midpoint 0.5, power 2)
        assertThat(java.util.Arrays.copyOfRange(m.geom_solimp, 5 * a, 5 * a + 5)).containsExactly(0.8, 0.9, 0.02, 0.5, 2);
        assertThat(m.geom_margin[a]).isEqualTo(0.01);
        assertThat(m.geom_gap[a]).isEqualTo(0.002);
        assertThat(m.geom_condim[a]).isEqualTo(6);
        // the direct form: stiffness and damping negated
        assertThat(new double[] {m.geom_solref[2 * b], m.geom_solref[2 * b + 1]}).containsExactly(-1000, -20);
        assertThat(m.geom_priority[b]).isZero();
        assertThat(m.geom_solmix[b]).isEqualTo(1);
        assertThat(java.util.Arrays.copyOfRange(m.geom_solimp, 5 * b, 5 * b + 5)).containsExactly(0.9, 0.95, 0.001, 0.5, 2);
    }

    @Test
    void explicitPairsTakeTheirOwnOrTheirClassParametersNeverTheGeoms() {
        MjModel m = load("<default><default class='soft'><pair condim='4' solref='0.04 0.7' margin='0.003'/></default></default>"
                + BODIES + "<contact><pair name='p' geom1='gb' geom2='floor' friction='0.5 0.4 0.01'/>"
                + "<pair geom1='ga' geom2='gb' class='soft' gap='0.001'/></contact>");
        assertThat(m.npair).isEqualTo(2);
        int floor = MjModel.find(m.geom_name, "floor"), a = MjModel.find(m.geom_name, "ga"), b = MjModel.find(m.geom_name, "gb");
        // geom1 is the one on the lower body (the world here), as MuJoCo orders them
        assertThat(new int[] {m.pair_geom1[0], m.pair_geom2[0]}).containsExactly(floor, b);
        assertThat(m.pair_name[0]).isEqualTo("p");
        assertThat(m.pair_dim[0]).isEqualTo(3);
        // friction given in part (5 coefficients: two sliding, torsional, two rolling); the rest default
        assertThat(java.util.Arrays.copyOfRange(m.pair_friction, 0, 5)).containsExactly(0.5, 0.4, 0.01, 0.0001, 0.0001);
        // not the geom's direct solref nor its margin: the pair's defaults
        assertThat(new double[] {m.pair_solref[0], m.pair_solref[1]}).containsExactly(0.02, 1);
        assertThat(m.pair_margin[0]).isZero();
        assertThat(new int[] {m.pair_geom1[1], m.pair_geom2[1]}).containsExactly(a, b);
        assertThat(m.pair_dim[1]).isEqualTo(4);
        assertThat(new double[] {m.pair_solref[2], m.pair_solref[3]}).containsExactly(0.04, 0.7);
        assertThat(m.pair_margin[1]).isEqualTo(0.003);
        assertThat(m.pair_gap[1]).isEqualTo(0.001);
    }

    @Test
    void solverAndCollisionOptionsAreRead() {
        MjModel m = load("<option impratio='3' iterations='20' tolerance='1e-6' ls_iterations='10' ls_tolerance='0.1'"
                + " mpr_iterations='30' mpr_tolerance='1e-5'/>");
        assertThat(m.impratio).isEqualTo(3);
        assertThat(m.iterations).isEqualTo(20);
        assertThat(m.tolerance).isEqualTo(1e-6);
        assertThat(m.ls_iterations).isEqualTo(10);
        assertThat(m.ls_tolerance).isEqualTo(0.1);
        assertThat(m.mpr_iterations).isEqualTo(30);
        assertThat(m.mpr_tolerance).isEqualTo(1e-5);
        assertThat(m.cone).isEqualTo(MjModel.CONE_PYRAMIDAL);
        assertThat(load("<option cone='elliptic'/>").cone).isEqualTo(MjModel.CONE_ELLIPTIC);
        assertThat(load("<option cone='pyramidal'/>").cone).isEqualTo(MjModel.CONE_PYRAMIDAL);
        MjModel d = load("");
        assertThat(new double[] {d.impratio, d.iterations, d.tolerance, d.ls_iterations, d.ls_tolerance, d.mpr_iterations,
            d.mpr_tolerance}).containsExactly(1, 100, 1e-8, 50, 0.01, 50, 1e-6);
    }

    @Test
    void refusesWhatWouldRunAsSomethingElse() {
        assertThatThrownBy(() -> load("<worldbody><geom size='1' solref='0.02 -1'/></worldbody>")).isInstanceOf(SceneException.class)
                .hasMessageContaining("Attribute 'solref' of <geom> at line 1").hasMessageContaining("mixes the standard form");
        assertThatThrownBy(() -> load("<option cone='conic'/>")).isInstanceOf(SceneException.class)
                .hasMessageContaining("Attribute 'cone' of <option> at line 1 has the value 'conic'")
                .hasMessageContaining("allowed values: [pyramidal, elliptic]");
        assertThatThrownBy(() -> load("<option impratio='0'/>")).isInstanceOf(SceneException.class)
                .hasMessageContaining("impratio").hasMessageContaining("positive");
        assertThatThrownBy(() -> load("<option iterations='5000'/>")).isInstanceOf(SceneException.class)
                .hasMessageContaining("Attribute 'iterations' of <option> at line 1 is 5000; accepted: 0 to 1000");
        assertThatThrownBy(() -> load("<option mpr_iterations='0'/>")).isInstanceOf(SceneException.class)
                .hasMessageContaining("accepted: 1 to 1000");
        assertThatThrownBy(() -> load("<worldbody><geom size='1' solmix='-1'/></worldbody>")).isInstanceOf(SceneException.class)
                .hasMessageContaining("solmix");
        assertThatThrownBy(() -> load(BODIES + "<contact><pair geom1='ga' geom2='nope'/></contact>")).isInstanceOf(SceneException.class)
                .hasMessageContaining("Attribute 'geom2' of <pair>").hasMessageContaining("unknown geom 'nope'");
        assertThatThrownBy(() -> load(BODIES + "<contact><pair geom1='ga'/></contact>")).isInstanceOf(SceneException.class)
                .hasMessageContaining("Missing required attribute 'geom2' on <pair>");
        assertThatThrownBy(() -> load(BODIES + "<contact><pair geom1='ga' geom2='gb' condim='2'/></contact>"))
                .isInstanceOf(SceneException.class).hasMessageContaining("condim").hasMessageContaining("[1, 3, 4, 6]");
        assertThatThrownBy(() -> load("<default><pair geom1='ga'/></default>")).isInstanceOf(SceneException.class)
                .hasMessageContaining("Unsupported attribute 'geom1'");
        assertThatThrownBy(() -> load(BODIES + "<contact><pair name='p' geom1='ga' geom2='gb'/><pair name='p' geom1='ga' geom2='floor'/>"
                + "</contact>")).isInstanceOf(SceneException.class).hasMessageContaining("Repeated pair name 'p'");
    }
}
