package io.vlaarena.core;

import io.vlaarena.architecture.ModuleRules;
import org.junit.jupiter.api.Test;

/** The architecture rules of DESIGN.md on this module's main code: it knows no other module. */
class ModuleArchitectureTest {
    @Test
    void followsTheArchitectureRules() {
        ModuleRules.of("io.vlaarena.core").check();
    }
}
