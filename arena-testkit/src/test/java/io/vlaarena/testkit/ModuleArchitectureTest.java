package io.vlaarena.testkit;

import io.vlaarena.architecture.ModuleRules;
import org.junit.jupiter.api.Test;

/** The architecture rules of DESIGN.md on this module's main code: it may wire every module but the CLI, and its API is built on JUnit and AssertJ. */
class ModuleArchitectureTest {
    @Test
    void followsTheArchitectureRules() {
        ModuleRules.of("io.vlaarena.testkit").mayUse("io.vlaarena.core", "io.vlaarena.sim", "io.vlaarena.http", "io.vlaarena.onnx", "io.vlaarena.storage", "io.vlaarena.models")
                .mayExpose("org.junit.", "org.assertj.").check();
    }
}
