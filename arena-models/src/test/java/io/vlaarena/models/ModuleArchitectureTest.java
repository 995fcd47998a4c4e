package io.vlaarena.models;

import io.vlaarena.architecture.ModuleRules;
import org.junit.jupiter.api.Test;

/** The architecture rules of DESIGN.md on this module's main code: it knows core and the simulator (the expert plans with it). */
class ModuleArchitectureTest {
    @Test
    void followsTheArchitectureRules() {
        ModuleRules.of("io.vlaarena.models").mayUse("io.vlaarena.core", "io.vlaarena.sim").check();
    }
}
