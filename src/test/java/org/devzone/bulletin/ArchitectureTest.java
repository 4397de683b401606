package org.devzone.bulletin;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules, checked on the compiled classes: features do not depend on each other in circles, and only the
 * edge (the beans the routes call: {@code *Api}, {@code *Intake}, {@code *Page(s)}, {@code *Steps}; the access,
 * platform and desk packages) knows Camel's {@code Exchange} or HTTP.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    /** The beans routes call with the exchange, and the shared plumbing of HTTP and access. */
    private static final DescribedPredicate<JavaClass> EDGE = simpleNameEndingWith("Api")
            .or(simpleNameEndingWith("Intake"))
            .or(simpleNameEndingWith("Page"))
            .or(simpleNameEndingWith("Pages"))
            .or(simpleNameEndingWith("Steps"))
            .or(resideInAnyPackage("..bulletin.access..", "..bulletin.platform..", "..bulletin.desk.."))
            .as("the edge (*Api, *Intake, *Page, *Pages, *Steps, access, platform, desk)");

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.devzone.bulletin");
    }

    @Test
    void featurePackagesDependOnEachOtherWithoutCycles() {
        slices().matching("org.devzone.bulletin.(*)..")
                .namingSlices("$1")
                .should()
                .beFreeOfCycles()
                .check(classes);
    }

    @Test
    void onlyTheEdgeUsesCamelsExchange() {
        noClasses()
                .that(not(EDGE))
                .and()
                .resideInAPackage("org.devzone.bulletin.(*)..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("org.apache.camel.Exchange")
                .check(classes);
    }

    @Test
    void noHttpStatusBelowTheEdge() {
        noClasses()
                .that(not(EDGE))
                .and()
                .resideInAPackage("org.devzone.bulletin.(*)..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("org.devzone.bulletin.platform.ApiException")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("org.devzone.bulletin.platform.HttpReply")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("org.devzone.bulletin.platform.Problems")
                .check(classes);
    }
}
