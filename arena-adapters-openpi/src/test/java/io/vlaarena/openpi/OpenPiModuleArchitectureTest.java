package io.vlaarena.openpi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vlaarena.architecture.ModuleRules;
import org.junit.jupiter.api.Test;

/**
 * This module's main code uses arena-core, the JDK, msgpack-core and Jetty only; Jetty stays in the
 * internal package; no public signature shows an internal or third-party type.
 */
class OpenPiModuleArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.vlaarena.openpi");

    @Test
    void dependsOnCoreTheJdkMsgpackAndJettyOnly() {
        classes().that().resideInAPackage("io.vlaarena.openpi..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.vlaarena.core..", "io.vlaarena.openpi..", "java..", "org.msgpack..",
                        "org.eclipse.jetty..")
                .check(MAIN);
        noClasses().that().resideInAPackage("io.vlaarena.openpi").should().dependOnClassesThat()
                .resideInAPackage("org.eclipse.jetty..").check(MAIN);
    }

    @Test
    void followsTheArchitectureRules() {
        // no public signature shows an internal or third-party type; public types and members have javadoc
        ModuleRules.of("io.vlaarena.openpi").mayUse("io.vlaarena.core").check();
    }
}
