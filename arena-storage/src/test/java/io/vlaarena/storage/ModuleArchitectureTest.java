package io.vlaarena.storage;

import io.vlaarena.architecture.ModuleRules;
import org.junit.jupiter.api.Test;

/** The architecture rules of DESIGN.md on this module's main code: it knows core. */
class ModuleArchitectureTest {
    @Test
    void followsTheArchitectureRules() {
        ModuleRules.of("io.vlaarena.storage").mayUse("io.vlaarena.core").check();
    }
}
