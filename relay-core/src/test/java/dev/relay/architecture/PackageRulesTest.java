package dev.relay.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/DESIGN.md, checked on the compiled main classes: dependencies point one way, from the
 * components down to the model they are built on, and the service and the admin server know components only
 * through that model.
 */
class PackageRulesTest {
  private static final String[] COMPONENTS = {"dev.relay.receiver..", "dev.relay.processor..", "dev.relay.exporter.."};

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages("dev.relay");
  }

  @Test
  void noPackageCycles() {
    slices().matching("dev.relay.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void theComponentModelDependsOnNoComponentNorOnWhatRunsThem() {
    noClasses().that().resideInAnyPackage("dev.relay.component..", "dev.relay.consumer..", "dev.relay.config..")
        .should().dependOnClassesThat().resideInAnyPackage(COMPONENTS)
        .orShould().dependOnClassesThat().resideInAnyPackage(
            "dev.relay.pipeline..", "dev.relay.service..", "dev.relay.admin..")
        .check(classes);
  }

  @Test
  void theServiceDependsOnNoConcreteComponent() {
    noClasses().that().resideInAPackage("dev.relay.service..")
        .should().dependOnClassesThat().resideInAnyPackage(COMPONENTS)
        .check(classes);
  }

  @Test
  void thePipelineGraphDependsOnNoConcreteComponent() {
    noClasses().that().resideInAPackage("dev.relay.pipeline..")
        .should().dependOnClassesThat().resideInAnyPackage(COMPONENTS)
        .check(classes);
  }

  @Test
  void theAdminServerReadsTheGraphNotTheComponentsInternals() {
    noClasses().that().resideInAPackage("dev.relay.admin..")
        .should().dependOnClassesThat().resideInAnyPackage(COMPONENTS)
        .check(classes);
  }

  @Test
  void componentsDoNotDependOnEachOther() {
    for (String kind : new String[] {"receiver", "processor", "exporter"}) {
      slices().matching("dev.relay." + kind + ".(*)..").should().notDependOnEachOther().check(classes);
    }
  }

  @Test
  void internalPackagesAreUsedOnlyByTheirParent() {
    noClasses().that().resideOutsideOfPackage("dev.relay.exporter..")
        .should().dependOnClassesThat().resideInAPackage("dev.relay.exporter.internal..")
        .allowEmptyShould(true).check(classes);
  }
}
