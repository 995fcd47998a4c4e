package io.vlaarena.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The module rules of DESIGN.md, over the main code of every module: core knows no adapter;
 * adapters know core and never each other; only the testkit and the CLI wire modules together;
 * nothing reaches into another module's {@code internal} packages, and no public signature outside
 * an internal package exposes an internal type.
 */
class ArchitectureTest {
    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.vlaarena");

    private static final String CORE = "io.vlaarena.core..";
    private static final String SIM = "io.vlaarena.sim..";
    private static final String HTTP = "io.vlaarena.http..";
    private static final String ONNX = "io.vlaarena.onnx..";
    private static final String OPENPI = "io.vlaarena.openpi..";
    private static final String STORAGE = "io.vlaarena.storage..";
    private static final String MODELS = "io.vlaarena.models..";
    private static final String TESTKIT = "io.vlaarena.testkit..";
    private static final String CLI = "io.vlaarena.cli..";
    private static final List<String> MODULES = List.of("core", "sim", "http", "onnx", "openpi", "storage", "models",
            "testkit", "cli");

    @Test
    void importsTheMainCodeOfEveryModule() {
        org.assertj.core.api.Assertions.assertThat(ALL.contain("io.vlaarena.core.arena.Arena")).isTrue();
        org.assertj.core.api.Assertions.assertThat(ALL.contain("io.vlaarena.sim.BundledScenes")).isTrue();
        org.assertj.core.api.Assertions.assertThat(ALL.contain("io.vlaarena.models.MockVla")).isTrue();
        org.assertj.core.api.Assertions.assertThat(ALL.contain("io.vlaarena.openpi.OpenPiVla")).isTrue();
        org.assertj.core.api.Assertions.assertThat(ALL.contain("io.vlaarena.core.EpisodeRunnerTest"))
                .as("test classes are not part of the rules").isFalse();
    }

    @Test
    void coreKnowsNoOtherModule() {
        noClasses().that().resideInAPackage(CORE).should().dependOnClassesThat()
                .resideInAnyPackage(SIM, HTTP, ONNX, OPENPI, STORAGE, MODELS, TESTKIT, CLI).allowEmptyShould(true).check(ALL);
    }

    @Test
    void simulatorKnowsOnlyCore() {
        noClasses().that().resideInAPackage(SIM).should().dependOnClassesThat()
                .resideInAnyPackage(HTTP, ONNX, OPENPI, STORAGE, MODELS, TESTKIT, CLI).allowEmptyShould(true).check(ALL);
    }

    @Test
    void productModelsKnowOnlyCoreAndTheSimulator() {
        noClasses().that().resideInAPackage(MODELS).should().dependOnClassesThat()
                .resideInAnyPackage(HTTP, OPENPI, STORAGE, TESTKIT, CLI).allowEmptyShould(true).check(ALL);
    }

    @Test
    void adaptersNeverKnowEachOther() {
        noClasses().that().resideInAPackage(HTTP).should().dependOnClassesThat()
                .resideInAnyPackage(SIM, ONNX, OPENPI, STORAGE, MODELS, TESTKIT, CLI).allowEmptyShould(true).check(ALL);
        noClasses().that().resideInAPackage(ONNX).should().dependOnClassesThat()
                .resideInAnyPackage(SIM, HTTP, OPENPI, STORAGE, MODELS, TESTKIT, CLI).allowEmptyShould(true).check(ALL);
        noClasses().that().resideInAPackage(OPENPI).should().dependOnClassesThat()
                .resideInAnyPackage(SIM, HTTP, ONNX, STORAGE, MODELS, TESTKIT, CLI).allowEmptyShould(true).check(ALL);
        noClasses().that().resideInAPackage(STORAGE).should().dependOnClassesThat()
                .resideInAnyPackage(SIM, HTTP, ONNX, OPENPI, MODELS, TESTKIT, CLI).allowEmptyShould(true).check(ALL);
    }

    @Test
    void testkitNeverKnowsTheCli() {
        noClasses().that().resideInAPackage(TESTKIT).should().dependOnClassesThat().resideInAPackage(CLI)
                .allowEmptyShould(true).check(ALL);
    }

    @Test
    void nobodyReachesIntoAnotherModulesInternals() {
        for (String module : MODULES) {
            String root = "io.vlaarena." + module;
            noClasses().that().resideOutsideOfPackage(root + "..").should().dependOnClassesThat()
                    .resideInAPackage(root + ".internal..").allowEmptyShould(true).check(ALL);
        }
    }

    @Test
    void publicSignaturesExposeNoInternalType() {
        methods().that().arePublic().and().areDeclaredInClassesThat().arePublic()
                .and().areDeclaredInClassesThat().resideOutsideOfPackage("..internal..")
                .should(exposeNoInternalType()).allowEmptyShould(true).check(ALL);
    }

    private static ArchCondition<JavaMethod> exposeNoInternalType() {
        return new ArchCondition<>("expose no internal type") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                if (method.getModifiers().contains(JavaModifier.SYNTHETIC) || method.getModifiers().contains(JavaModifier.BRIDGE)) {
                    return;
                }
                check(method, method.getRawReturnType(), events);
                for (JavaClass p : method.getRawParameterTypes()) {
                    check(method, p, events);
                }
            }

            private void check(JavaMethod method, JavaClass type, ConditionEvents events) {
                if (type.getPackageName().contains(".internal")) {
                    events.add(SimpleConditionEvent.violated(method,
                            method.getFullName() + " exposes internal type " + type.getName()));
                }
            }
        };
    }
}
