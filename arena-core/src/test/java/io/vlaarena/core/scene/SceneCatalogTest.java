package io.vlaarena.core.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.NotFoundException;
import io.vlaarena.core.SceneException;
import org.junit.jupiter.api.Test;

class SceneCatalogTest {
    static final String ROBOT = """
            <mujoco model="arm">
              <compiler angle="radian" autolimits="true"/>
              <default><default class="arm"><joint damping="1"/></default></default>
              <worldbody>
                <body name="base" childclass="arm">
                  <joint name="j1" type="hinge"/>
                  <geom type="capsule" size="0.05 0.1"/>
                </body>
              </worldbody>
              <actuator><position name="a1" joint="j1" kp="100"/></actuator>
              <keyframe><key name="home" qpos="0.5" ctrl="0.5"/></keyframe>
            </mujoco>
            """;
    static final String SCENE = """
            <mujoco model="table">
              <option timestep="0.01"/>
              <asset><material name="red" rgba="1 0 0 1"/></asset>
              <worldbody>
                <geom name="floor" type="plane" size="1 1 0.1"/>
                <body name="cube" pos="0.5 0 0.1"><freejoint name="cube_joint"/><geom type="box" size="0.02 0.02 0.02" material="red"/></body>
              </worldbody>
              <keyframe><key name="home" qpos="0.5 0 0.1 1 0 0 0"/></keyframe>
            </mujoco>
            """;

    private static SceneCatalog catalog() {
        return SceneCatalog.builder().robot("arm", ROBOT).scene("table", SCENE)
                .robotAlias("arm_v1", "arm").sceneAlias("table_pick_place", "table").build();
    }

    @Test
    void composesRobotThenSceneSectionBySection() {
        String xml = catalog().composeXml("arm", "table");
        assertThat(xml).contains("<mujoco model=\"arm_table\">");
        assertThat(xml).contains("timestep=\"0.002\"").doesNotContain("timestep=\"0.01\"");
        assertThat(xml.indexOf("name=\"base\"")).isLessThan(xml.indexOf("name=\"cube\""));
        assertThat(xml).containsOnlyOnce("<worldbody>").containsOnlyOnce("<keyframe>").containsOnlyOnce("<compiler");
        assertThat(xml).contains("<material name=\"red\"").contains("<position");
        assertThat(xml.indexOf("<default>")).isLessThan(xml.indexOf("<asset>"));
        assertThat(xml.indexOf("<asset>")).isLessThan(xml.indexOf("<worldbody>"));
        assertThat(xml.indexOf("<worldbody>")).isLessThan(xml.indexOf("<actuator>"));
    }

    @Test
    void keepsTheRobotsTendonsAndEqualities() {
        String robot = ROBOT.replace("<actuator>", "<tendon><fixed name=\"t\"><joint joint=\"j1\" coef=\"1\"/></fixed></tendon>"
                + "<equality><joint name=\"e\" joint1=\"j1\"/></equality><actuator>");
        String xml = SceneCatalog.builder().robot("arm", robot).scene("table", SCENE).build().composeXml("arm", "table");
        assertThat(xml).containsOnlyOnce("<tendon>").containsOnlyOnce("<equality>").contains("<joint joint1=\"j1\" name=\"e\"");
        assertThat(xml.indexOf("<tendon>")).isLessThan(xml.indexOf("<equality>"));
        assertThat(xml.indexOf("<equality>")).isLessThan(xml.indexOf("<actuator>"));
    }

    @Test
    void mergesKeyframesOfTheSameName() {
        String xml = catalog().composeXml("arm", "table");
        assertThat(xml).contains("qpos=\"0.5 0.5 0 0.1 1 0 0 0\"").contains("ctrl=\"0.5\"");
    }

    @Test
    void resolvesAliasesToTheSameModel() {
        SceneCatalog c = catalog();
        assertThat(c.composeXml("arm_v1", "table_pick_place")).isEqualTo(c.composeXml("arm", "table"));
        assertThat(c.canonicalRobot("arm_v1")).isEqualTo("arm");
        assertThat(c.robotIds()).containsExactly("arm", "arm_v1");
        assertThat(c.sceneIds()).containsExactly("table", "table_pick_place");
        assertThat(c.hasScene("table_pick_place")).isTrue();
        assertThat(c.hasRobot("ur10")).isFalse();
    }

    @Test
    void unknownIdsNameTheKnownOnes() {
        assertThatThrownBy(() -> catalog().composeXml("ur10", "table")).isInstanceOf(NotFoundException.class)
                .hasMessage("Unknown robot 'ur10'; known robots: [arm, arm_v1]");
        assertThatThrownBy(() -> catalog().composeXml("arm", "kitchen")).isInstanceOf(NotFoundException.class)
                .hasMessage("Unknown scene 'kitchen'; known scenes: [table, table_pick_place]");
    }

    @Test
    void rejectsExternalEntitiesInFragments() {
        String evil = """
                <?xml version="1.0"?>
                <!DOCTYPE mujoco [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <mujoco model="&xxe;"><worldbody/></mujoco>
                """;
        SceneCatalog c = SceneCatalog.builder().robot("arm", ROBOT).scene("evil", evil).build();
        assertThatThrownBy(() -> c.composeXml("arm", "evil")).isInstanceOf(SceneException.class)
                .hasMessageContaining("DOCTYPE").hasMessageNotContaining("root:");
    }

    @Test
    void malformedFragmentReportsLineAndColumn() {
        SceneCatalog c = SceneCatalog.builder().robot("arm", ROBOT).scene("bad", "<mujoco>\n<worldbody>\n</mujoco>").build();
        assertThatThrownBy(() -> c.composeXml("arm", "bad")).isInstanceOf(SceneException.class)
                .hasMessageContaining("Scene 'bad'").hasMessageContaining("line 3");
    }

    @Test
    void rejectsFragmentThatIsNotMjcf() {
        SceneCatalog c = SceneCatalog.builder().robot("arm", ROBOT).scene("html", "<html/>").build();
        assertThatThrownBy(() -> c.composeXml("arm", "html")).isInstanceOf(SceneException.class)
                .hasMessageContaining("<mujoco>");
    }

    @Test
    void keyframeMissingInAFragmentWithJointsIsAnError() {
        String sceneNoKey = SCENE.replace("<keyframe><key name=\"home\" qpos=\"0.5 0 0.1 1 0 0 0\"/></keyframe>", "");
        SceneCatalog c = SceneCatalog.builder().robot("arm", ROBOT).scene("t", sceneNoKey).build();
        assertThatThrownBy(() -> c.composeXml("arm", "t")).isInstanceOf(SceneException.class)
                .hasMessageContaining("keyframe 'home'");
    }

    @Test
    void keyframeOfTheRobotAloneIsKeptWhenTheSceneHasNoJoints() {
        String still = "<mujoco><worldbody><geom type=\"plane\" size=\"1 1 1\"/></worldbody></mujoco>";
        String xml = SceneCatalog.builder().robot("arm", ROBOT).scene("empty", still).build().composeXml("arm", "empty");
        assertThat(xml).contains("qpos=\"0.5\"");
    }

    @Test
    void rejectsBadIdsAndDanglingAliases() {
        assertThatThrownBy(() -> SceneCatalog.builder().robot("no spaces", ROBOT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SceneCatalog.builder().robot("a".repeat(51), ROBOT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SceneCatalog.builder().robotAlias("x", "missing").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
    }
}
