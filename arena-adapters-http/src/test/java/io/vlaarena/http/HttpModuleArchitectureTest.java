package io.vlaarena.http;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * This module's main code uses arena-core, the JDK, Jackson and (inside {@code internal} only) the
 * Jetty server, and its public API never shows an internal or a Jetty type.
 */
class HttpModuleArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.vlaarena.http");

    @Test
    void dependsOnCoreTheJdkJacksonAndJettyOnly() {
        classes().that().resideInAPackage("io.vlaarena.http..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.vlaarena.core..", "io.vlaarena.http..", "java..", "javax.xml..", "org.w3c.dom..",
                        "org.xml.sax..", "com.fasterxml.jackson..", "org.eclipse.jetty..")
                .check(MAIN);
    }

    @Test
    void onlyTheInternalPackageUsesJetty() {
        classes().that().resideInAPackage("io.vlaarena.http").should().onlyDependOnClassesThat()
                .resideOutsideOfPackage("org.eclipse.jetty..")
                .check(MAIN);
    }

    @Test
    void publicSignaturesShowNoInternalType() {
        methods().that().arePublic().and().areDeclaredInClassesThat().resideInAPackage("io.vlaarena.http")
                .and().areDeclaredInClassesThat().arePublic()
                .should().haveRawReturnType(com.tngtech.archunit.base.DescribedPredicate.describe("a non-internal type",
                        (com.tngtech.archunit.core.domain.JavaClass c) -> !c.getPackageName().contains(".internal")))
                .check(MAIN);
        methods().that().arePublic().and().areDeclaredInClassesThat().resideInAPackage("io.vlaarena.http")
                .should(new com.tngtech.archunit.lang.ArchCondition<com.tngtech.archunit.core.domain.JavaMethod>(
                        "take no internal parameter types") {
                    @Override
                    public void check(com.tngtech.archunit.core.domain.JavaMethod m,
                            com.tngtech.archunit.lang.ConditionEvents events) {
                        m.getRawParameterTypes().stream().filter(t -> t.getPackageName().contains(".internal"))
                                .forEach(t -> events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(m,
                                        m.getFullName() + " takes " + t.getName())));
                    }
                })
                .allowEmptyShould(true).check(MAIN);
    }

}
