package io.vlaarena.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The architecture rules of DESIGN.md, checked by every module's build on that module's own main
 * code ({@code target/classes} and {@code src/main/java}):
 *
 * <ul>
 *   <li>the module depends only on the VLA Arena modules it may know (core knows none, adapters know
 *       core, only the testkit and the CLI wire modules together);
 *   <li>no package cycles;
 *   <li>nothing reaches into another module's {@code internal} packages;
 *   <li>no public signature outside an internal package shows an internal type or a third-party
 *       type (the testkit's JUnit and AssertJ types excepted, its API is built on them);
 *   <li>every public type and member of an exported package has a javadoc comment.
 * </ul>
 *
 * <pre>{@code
 * ModuleRules.of("io.vlaarena.sim").mayUse("io.vlaarena.core").check();
 * }</pre>
 *
 * <p>Not thread-safe; build one per test.
 */
public final class ModuleRules {
    private static final String ROOT = "io.vlaarena";

    private final String modulePackage;
    private final List<String> mayUse = new ArrayList<>();
    private final List<String> publicThirdParty = new ArrayList<>();
    private Path classes = Path.of("target", "classes");
    private Path sources = Path.of("src", "main", "java");

    private ModuleRules(String modulePackage) {
        this.modulePackage = Objects.requireNonNull(modulePackage, "modulePackage");
    }

    /** The rules for the module whose code lives under {@code modulePackage}, e.g. {@code io.vlaarena.core}. */
    public static ModuleRules of(String modulePackage) {
        return new ModuleRules(modulePackage);
    }

    /** Other VLA Arena modules (their root packages) this module's code may depend on. */
    public ModuleRules mayUse(String... modulePackages) {
        mayUse.addAll(List.of(modulePackages));
        return this;
    }

    /** Third-party packages (prefixes such as {@code org.junit.}) that may appear in public signatures. */
    public ModuleRules mayExpose(String... packagePrefixes) {
        publicThirdParty.addAll(List.of(packagePrefixes));
        return this;
    }

    /** Checks every rule; throws an {@link AssertionError} listing the violations. */
    public void check() {
        JavaClasses own = new ClassFileImporter().importPath(classes);
        if (own.isEmpty()) {
            throw new AssertionError("No classes under " + classes.toAbsolutePath() + "; run the check after compiling");
        }
        Set<String> ownNames = new java.util.HashSet<>();
        own.forEach(c -> ownNames.add(c.getName()));

        List<String> allowed = new ArrayList<>(List.of(modulePackage + ".."));
        mayUse.forEach(m -> allowed.add(m + ".."));
        DescribedPredicate<JavaClass> otherModule = DescribedPredicate.describe("another VLA Arena module than "
                + allowed, t -> {
                    JavaClass c = base(t);
                    return c.getPackageName().startsWith(ROOT + ".") && !ownNames.contains(c.getName())
                            && allowed.stream().noneMatch(a -> c.getPackageName().equals(a.substring(0, a.length() - 2))
                                    || c.getPackageName().startsWith(a.substring(0, a.length() - 1)));
                });
        noClasses().should().dependOnClassesThat(otherModule).allowEmptyShould(true).check(own);

        slices().matching(modulePackage + ".(**)").should().beFreeOfCycles().allowEmptyShould(true).check(own);

        DescribedPredicate<JavaClass> foreignInternal = DescribedPredicate.describe("an internal class of another module",
                t -> {
                    JavaClass c = base(t);
                    return c.getPackageName().contains(".internal") && c.getPackageName().startsWith(ROOT + ".")
                            && !ownNames.contains(c.getName());
                });
        noClasses().should().dependOnClassesThat(foreignInternal).allowEmptyShould(true).check(own);

        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits().that().arePublic()
                .and().areDeclaredInClassesThat().arePublic()
                .and().areDeclaredInClassesThat().resideOutsideOfPackage("..internal..")
                .should(showOnlyOwnAndJdkTypes()).allowEmptyShould(true).check(own);

        List<String> undocumented = undocumented();
        if (!undocumented.isEmpty()) {
            throw new AssertionError("Public API without a javadoc comment (" + undocumented.size() + "):\n  "
                    + String.join("\n  ", undocumented));
        }
    }

    private static JavaClass base(JavaClass c) {
        return c.isArray() ? c.getBaseComponentType() : c;
    }

    private ArchCondition<JavaCodeUnit> showOnlyOwnAndJdkTypes() {
        return new ArchCondition<>("show only JDK, VLA Arena (not internal) types" + (publicThirdParty.isEmpty() ? ""
                : " and " + publicThirdParty)) {
            @Override
            public void check(JavaCodeUnit unit, ConditionEvents events) {
                if (unit.getModifiers().contains(JavaModifier.SYNTHETIC) || unit.getModifiers().contains(JavaModifier.BRIDGE)) {
                    return;
                }
                List<JavaClass> types = new ArrayList<>(unit.getRawParameterTypes());
                types.add(unit.getRawReturnType());
                types.addAll(unit.getThrowsClause().getTypes());
                for (JavaClass t : types) {
                    JavaClass base = base(t);
                    String pkg = base.getPackageName();
                    boolean ok = base.isPrimitive() || pkg.startsWith("java.") || pkg.startsWith("javax.")
                            || (pkg.startsWith(ROOT + ".") && !pkg.contains(".internal"))
                            || publicThirdParty.stream().anyMatch(pkg::startsWith);
                    if (!ok) {
                        events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " shows " + base.getName()));
                    }
                }
            }
        };
    }

    /** Public types and members of exported packages without a javadoc comment, as file:line names. */
    private List<String> undocumented() {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java") && !p.toString().contains("/internal/")
                    && !p.getFileName().toString().equals("package-info.java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> missing = new ArrayList<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            JavacTask task = (JavacTask) javac.getTask(null, fm, d -> { }, List.of("-proc:none"), null,
                    fm.getJavaFileObjectsFromPaths(files));
            DocTrees docs = DocTrees.instance(task);
            for (CompilationUnitTree unit : task.parse()) {
                new TreePathScanner<Void, Void>() {
                    @Override
                    public Void visitClass(ClassTree tree, Void v) {
                        if (!exposed(tree.getModifiers())) {
                            return null; // nothing inside a non-public type is API
                        }
                        require(tree.getSimpleName().toString());
                        return super.visitClass(tree, v);
                    }

                    @Override
                    public Void visitMethod(MethodTree tree, Void v) {
                        if (exposed(tree.getModifiers()) && !isOverride(tree.getModifiers())) {
                            require(tree.getName().toString());
                        }
                        return null;
                    }

                    @Override
                    public Void visitVariable(VariableTree tree, Void v) {
                        if (getCurrentPath().getParentPath().getLeaf() instanceof ClassTree && exposed(tree.getModifiers())) {
                            require(tree.getName().toString());
                        }
                        return null;
                    }

                    private boolean exposed(ModifiersTree m) {
                        Tree parent = getCurrentPath().getParentPath().getLeaf();
                        boolean inInterface = parent instanceof ClassTree c
                                && (c.getKind() == Tree.Kind.INTERFACE || c.getKind() == Tree.Kind.ANNOTATION_TYPE);
                        boolean enumConstant = parent instanceof ClassTree c && c.getKind() == Tree.Kind.ENUM
                                && getCurrentPath().getLeaf() instanceof VariableTree var
                                && var.getType() != null && var.getType().toString().equals(c.getSimpleName().toString());
                        return m.getFlags().contains(Modifier.PUBLIC) || m.getFlags().contains(Modifier.PROTECTED)
                                || (inInterface && !m.getFlags().contains(Modifier.PRIVATE)) || enumConstant;
                    }

                    private boolean isOverride(ModifiersTree m) {
                        return m.getAnnotations().stream().anyMatch(a -> a.getAnnotationType().toString().equals("Override"));
                    }

                    private void require(String name) {
                        TreePath path = getCurrentPath();
                        DocCommentTree doc = docs.getDocCommentTree(path);
                        if (doc == null) {
                            long line = unit.getLineMap().getLineNumber(docs.getSourcePositions().getStartPosition(unit, path.getLeaf()));
                            Path file = Path.of(unit.getSourceFile().toUri()).normalize();
                            missing.add(sources.toAbsolutePath().normalize().relativize(file) + ":" + line + " " + name);
                        }
                    }
                }.scan(unit, null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return missing;
    }
}
