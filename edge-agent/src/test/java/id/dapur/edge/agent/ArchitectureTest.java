package id.dapur.edge.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import id.dapur.edge.agent.support.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The arrows docs/ARCHITECTURE.md draws, read from the bytecode of every module: no package cycle in
 * any module, infrastructure that knows no feature, the web layer and the agent's wiring on top, SQL
 * where the stores are. A new arrow that breaks one fails here with the classes that drew it.
 */
class ArchitectureTest {
    /** Each module's root package: a module's packages are sliced under it. */
    static final List<String> MODULES = List.of(
            "id.dapur.edge.agent",
            "id.dapur.edge.cloud",
            "id.dapur.edge.devices",
            "id.dapur.edge.config",
            "id.dapur.edge.contract");

    static final String AGENT = "id.dapur.edge.agent";
    /** What every feature stands on: storage, messaging, security, the HTTP edge and auth, support. */
    static final String[] INFRASTRUCTURE = packages("storage", "messaging", "security", "http", "auth", "support");
    /** The kitchen's features: each holds its service, its store, its types. */
    static final String[] FEATURES = packages(
            "orders",
            "kitchen",
            "printing",
            "screens",
            "floor",
            "analytics",
            "cloud",
            "foodsafety",
            "scales",
            "staff",
            "waste",
            "alerts",
            "audit",
            "signals");
    /** What wires the features together or starts them: nothing below may know it. */
    static final String[] TOP = packages("cli", "demo", "sandbox", "doctor");

    static JavaClasses classes;

    @BeforeAll
    static void read() {
        // edge-agent's classes from target/classes, the other modules' from their jars on the classpath
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("id.dapur.edge");
    }

    private static String[] packages(String... names) {
        String[] out = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = AGENT + "." + names[i] + "..";
        }
        return out;
    }

    /** One slice per package directly under a module's root, the root package a slice of its own. */
    static SliceAssignment slicesOf(String module) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String p = c.getPackageName();
                if (p.equals(module)) {
                    return SliceIdentifier.of("(root of " + module + ")");
                }
                if (p.startsWith(module + ".")) {
                    return SliceIdentifier.of(p.substring(module.length() + 1).split("\\.")[0]);
                }
                return SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the packages of " + module;
            }
        };
    }

    static ArchRule noCycles(String module) {
        return SlicesRuleDefinition.slices()
                .assignedFrom(slicesOf(module))
                .should()
                .beFreeOfCycles();
    }

    @Test
    void everyModuleIsRead() {
        for (String m : MODULES) {
            assertThat(classes.stream()
                            .filter(c -> c.getPackageName().startsWith(m))
                            .count())
                    .as(m)
                    .isGreaterThan(3);
        }
    }

    /** A new package must be given a place in the picture (and in docs/ARCHITECTURE.md) before it can land. */
    @Test
    void everyPackageOfTheAgentHasAPlace() {
        List<String> placed = Stream.of(INFRASTRUCTURE, FEATURES, TOP, packages("web"))
                .flatMap(Arrays::stream)
                .map(p -> p.substring(AGENT.length() + 1, p.length() - 2))
                .toList();
        Set<String> unplaced = new TreeSet<>();
        for (JavaClass c : classes) {
            String p = c.getPackageName();
            if (p.startsWith(AGENT + ".")) {
                String top = p.substring(AGENT.length() + 1).split("\\.")[0];
                if (!placed.contains(top)) {
                    unplaced.add(top);
                }
            }
        }
        assertThat(unplaced).as("packages not in ArchitectureTest's layers").isEmpty();
    }

    @Test
    void noModuleHasAPackageCycle() {
        for (String m : MODULES) {
            noCycles(m).check(classes);
        }
    }

    /** Sub-packages too: no package reaches itself again (messaging and messaging.broker, for one). */
    @Test
    void noPackageCycleAtAnyDepth() {
        SlicesRuleDefinition.slices()
                .matching("id.dapur.edge.(**)")
                .should()
                .beFreeOfCycles()
                .check(classes);
    }

    @Test
    void infrastructureKnowsNoFeatureAndNothingAboveIt() {
        noClasses()
                .that()
                .resideInAnyPackage(INFRASTRUCTURE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(FEATURES)
                .because(
                        "storage, messaging, security, auth and support serve every feature and must not be tied to one")
                .check(classes);
        noClasses()
                .that()
                .resideInAnyPackage(INFRASTRUCTURE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(AGENT + ".web..", AGENT + ".screens..", AGENT + ".floor..")
                .check(classes);
    }

    @Test
    void onlyTheWiringKnowsTheWebLayerAndTheAgent() {
        String[] below = concat(INFRASTRUCTURE, FEATURES);
        noClasses()
                .that()
                .resideInAnyPackage(below)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(AGENT + ".web..")
                .because(
                        "features serve their routes through the web layer, never the other way round (auth is in its own package)")
                .check(classes);
        noClasses()
                .that()
                .resideInAnyPackage(below)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(AGENT)
                .because(
                        "the root package wires the features; they learn of each other through types, not through the Agent")
                .check(classes);
        noClasses()
                .that()
                .resideInAnyPackage(concat(below, packages("web")))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(TOP)
                .check(classes);
    }

    /** The root keeps the Agent (its options, its hooks) and the list of services it starts; nothing else. */
    @Test
    void theRootPackageHoldsTheAgentAndItsServiceListOnly() {
        Set<String> root = new TreeSet<>();
        for (JavaClass c : classes) {
            if (c.getPackageName().equals(AGENT)) {
                root.add(c.getName().substring(AGENT.length() + 1).split("\\$")[0]);
            }
        }
        assertThat(root).containsExactly("Agent", "Services");
    }

    /** Each feature that runs (all but orders, which is the POS's types) holds the service that builds and starts it. */
    @Test
    void eachFeatureHoldsItsService() {
        Set<String> without = new TreeSet<>();
        for (String f : FEATURES) {
            String pkg = f.substring(0, f.length() - 2);
            if (pkg.endsWith(".orders")) {
                continue;
            }
            boolean has = classes.stream()
                    .anyMatch(c -> c.getPackageName().equals(pkg)
                            && c.getSimpleName().endsWith("Service")
                            && c.isAssignableTo(Service.class));
            if (!has) {
                without.add(pkg);
            }
        }
        assertThat(without).as("features without a *Service").isEmpty();
    }

    /**
     * A feature asks another through its service's types (an interface such as {@code alerts.Alerts},
     * {@code printing.UnseenChits}, {@code kitchen.OrderStore}), never through the other's store class
     * ({@code H2*}): the tables behind a store are its feature's alone.
     */
    @Test
    void noFeatureReachesIntoAnotherFeaturesStore() {
        List<String> features =
                Arrays.stream(FEATURES).map(f -> f.substring(0, f.length() - 2)).toList();
        Set<String> reaches = new TreeSet<>();
        for (JavaClass c : classes) {
            String from = featureOf(c.getPackageName(), features);
            if (from == null) {
                continue;
            }
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                JavaClass target = d.getTargetClass();
                String to = featureOf(target.getPackageName(), features);
                if (to != null && !to.equals(from) && target.getSimpleName().startsWith("H2")) {
                    reaches.add(c.getSimpleName() + " -> " + target.getName());
                }
            }
        }
        assertThat(reaches).as("classes using another feature's store").isEmpty();
    }

    /**
     * A feature's SQL is in its store: statements are prepared only by classes named {@code H2*}
     * (the store of the feature they are in) and by the storage infrastructure. Everything else in a
     * feature, and the root, web and CLI, takes part in a unit of work through those stores.
     */
    @Test
    void statementsArePreparedOnlyInTheStores() {
        assertThat(statementsOutsideStores(classes))
                .as("statements prepared outside a store")
                .isEmpty();
    }

    static Set<String> statementsOutsideStores(JavaClasses in) {
        Set<String> outside = new TreeSet<>();
        for (JavaClass c : in) {
            String pkg = c.getPackageName();
            if (!pkg.startsWith(AGENT) || pkg.startsWith(AGENT + ".storage")) {
                continue;
            }
            String topLevel = c.getName().substring(pkg.length() + 1).split("\\$")[0];
            if (topLevel.startsWith("H2")) {
                continue;
            }
            c.getMethodCallsFromSelf().stream()
                    .filter(call -> call.getTargetOwner().isAssignableTo(Connection.class))
                    .filter(call -> call.getName().startsWith("prepare")
                            || call.getName().equals("createStatement"))
                    .forEach(call ->
                            outside.add(c.getName() + "." + call.getOrigin().getName()));
        }
        return outside;
    }

    /** The SQL rule can fail: a statement prepared in a feature class that is not its store is named. */
    @Test
    void aStatementOutsideAStoreFails(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("src/id/dapur/edge/agent/kitchen/Sneaky.java");
        Files.createDirectories(a.getParent());
        Files.writeString(
                a,
                "package id.dapur.edge.agent.kitchen; public class Sneaky {"
                        + " void x(java.sql.Connection c) throws Exception { c.prepareStatement(\"SELECT 1\"); } }");
        Path out = Files.createDirectories(dir.resolve("classes"));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(), a.toString());
        assertThat(rc).isZero();
        assertThat(statementsOutsideStores(new ClassFileImporter().importPath(out)))
                .containsExactly("id.dapur.edge.agent.kitchen.Sneaky.x");
    }

    private static String featureOf(String pkg, List<String> features) {
        for (String f : features) {
            if (pkg.equals(f) || pkg.startsWith(f + ".")) {
                return f;
            }
        }
        return null;
    }

    @Test
    void sqlLivesInTheStoresNotInTheWebLayerOrTheWiring() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        AGENT,
                        AGENT + ".web..",
                        AGENT + ".cli..",
                        AGENT + ".http..",
                        AGENT + ".auth..",
                        AGENT + ".screens..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("java.sql..")
                .because("JDBC belongs to each feature's store and to storage/")
                .check(classes);
        noClasses()
                .that()
                .resideInAnyPackage(
                        "id.dapur.edge.cloud..",
                        "id.dapur.edge.devices..",
                        "id.dapur.edge.config..",
                        "id.dapur.edge.contract..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("java.sql..")
                .check(classes);
    }

    /** The test can fail: a cycle drawn on purpose (two classes compiled here) is found and named. */
    @Test
    void aCycleAddedOnPurposeFails(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("src/id/dapur/edge/agent/storage/Leak.java");
        Path b = dir.resolve("src/id/dapur/edge/agent/kitchen/Uses.java");
        Files.createDirectories(a.getParent());
        Files.createDirectories(b.getParent());
        Files.writeString(
                a, "package id.dapur.edge.agent.storage; public class Leak { id.dapur.edge.agent.kitchen.Uses u; }");
        Files.writeString(
                b, "package id.dapur.edge.agent.kitchen; public class Uses { id.dapur.edge.agent.storage.Leak l; }");
        Path out = Files.createDirectories(dir.resolve("classes"));
        int rc = ToolProvider.getSystemJavaCompiler()
                .run(null, null, null, "-d", out.toString(), a.toString(), b.toString());
        assertThat(rc).isZero();
        JavaClasses drawn = new ClassFileImporter().importPath(out);
        assertThatThrownBy(() -> noCycles(AGENT).check(drawn))
                .hasMessageContaining("Cycle detected")
                .hasMessageContaining("Leak")
                .hasMessageContaining("Uses");
        assertThatThrownBy(() -> noClasses()
                        .that()
                        .resideInAnyPackage(INFRASTRUCTURE)
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(FEATURES)
                        .check(drawn))
                .hasMessageContaining("storage.Leak");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
