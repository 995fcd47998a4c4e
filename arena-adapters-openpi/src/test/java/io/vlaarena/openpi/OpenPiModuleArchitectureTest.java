package io.vlaarena.openpi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
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
    void publicSignaturesShowNoInternalOrThirdPartyType() {
        methods().that().arePublic().and().areDeclaredInClassesThat().resideInAPackage("io.vlaarena.openpi")
                .and().areDeclaredInClassesThat().arePublic()
                .should(new ArchCondition<JavaMethod>("use only the JDK's, core's and this package's types") {
                    @Override
                    public void check(JavaMethod m, ConditionEvents events) {
                        java.util.List<JavaClass> types = new java.util.ArrayList<>(m.getRawParameterTypes());
                        types.add(m.getRawReturnType());
                        for (JavaClass t : types) {
                            String p = t.getPackageName();
                            if (p.contains(".internal") || p.startsWith("org.")) {
                                events.add(SimpleConditionEvent.violated(m, m.getFullName() + " shows " + t.getName()));
                            }
                        }
                    }
                })
                .check(MAIN);
    }
}
