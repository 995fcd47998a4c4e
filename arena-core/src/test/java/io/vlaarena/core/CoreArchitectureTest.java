package io.vlaarena.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** arena-core is pure JDK: no third-party type in its main code. */
class CoreArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.vlaarena.core");

    @Test
    void coreDependsOnTheJdkOnly() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.vlaarena.core..", "java..", "javax.xml..", "org.w3c.dom..", "org.xml.sax..")
                .because("arena-core has no third-party dependency (DESIGN.md)")
                .check(CORE);
    }
}
