package io.vlaarena.cli;

import io.vlaarena.architecture.ModuleRules;
import org.junit.jupiter.api.Test;

/** The architecture rules of DESIGN.md on this module's main code: it may wire every module but the testkit. */
class ModuleArchitectureTest {
    @Test
    void followsTheArchitectureRules() {
        ModuleRules.of("io.vlaarena.cli").mayUse("io.vlaarena.core", "io.vlaarena.sim", "io.vlaarena.http", "io.vlaarena.onnx", "io.vlaarena.openpi",
                "io.vlaarena.storage", "io.vlaarena.models").check();
    }
}
