package io.vlaarena.http;

import io.vlaarena.architecture.ModuleRules;
import org.junit.jupiter.api.Test;

/** The architecture rules of DESIGN.md on this module's main code: it knows core. */
class ModuleArchitectureTest {
    @Test
    void followsTheArchitectureRules() {
        ModuleRules.of("io.vlaarena.http").mayUse("io.vlaarena.core").check();
    }
}
