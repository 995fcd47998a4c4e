package io.vlaarena.storage.embedded;

import io.vlaarena.architecture.ModuleRules;
import org.junit.jupiter.api.Test;

/** The architecture rules of DESIGN.md on this module's main code: it knows core, storage. */
class ModuleArchitectureTest {
    @Test
    void followsTheArchitectureRules() {
        ModuleRules.of("io.vlaarena.storage.embedded").mayUse("io.vlaarena.core", "io.vlaarena.storage").check();
    }
}
