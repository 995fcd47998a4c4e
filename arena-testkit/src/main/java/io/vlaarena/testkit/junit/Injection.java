package io.vlaarena.testkit.junit;

import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/** Field injection shared by the testkit's annotation-driven extensions. Stateless. */
final class Injection {
    private Injection() {}

    /** Makes the value for one annotated field or parameter of {@code type}. */
    @FunctionalInterface
    interface Resolver<A extends Annotation> {
        Object resolve(A annotation, Class<?> type, ExtensionContext context);
    }

    /** Sets the test class's static fields carrying {@code annotation}, in the class's context. */
    static <A extends Annotation> void injectStaticFields(ExtensionContext context, Class<A> annotation,
            List<Class<?>> types, Resolver<A> resolver) {
        Class<?> testClass = context.getRequiredTestClass();
        for (Field field : fields(testClass, annotation, f -> Modifier.isStatic(f.getModifiers()))) {
            set(field, null, annotation, types, resolver, context);
        }
    }

    /** Sets the instance fields carrying {@code annotation} of every test instance (outer ones of nested tests too). */
    static <A extends Annotation> void injectInstanceFields(ExtensionContext context, Class<A> annotation,
            List<Class<?>> types, Resolver<A> resolver) {
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Field field : fields(instance.getClass(), annotation, f -> !Modifier.isStatic(f.getModifiers()))) {
                set(field, instance, annotation, types, resolver, context);
            }
        }
    }

    /** Whether {@code type} is one of {@code types}. */
    static boolean supported(Class<?> type, List<Class<?>> types) {
        return types.contains(type);
    }

    /** The message for an annotated element of a type the extension cannot provide. */
    static String unsupported(Class<? extends Annotation> annotation, String where, Class<?> type, List<Class<?>> types) {
        return "@" + annotation.getSimpleName() + " on " + where + " cannot inject a " + type.getName()
                + "; use one of " + types.stream().map(Class::getSimpleName).toList();
    }

    /** Where a parameter is, for messages: "parameter 0 of method wrong" (names need -parameters, indexes do not). */
    static String where(ParameterContext parameter) {
        String kind = parameter.getDeclaringExecutable() instanceof Constructor ? "constructor" : "method";
        return "parameter " + parameter.getIndex() + " of " + kind + " " + parameter.getDeclaringExecutable().getDeclaringClass()
                .getSimpleName() + "." + parameter.getDeclaringExecutable().getName();
    }

    private static List<Field> fields(Class<?> type, Class<? extends Annotation> annotation, Predicate<Field> filter) {
        return AnnotationSupport.findAnnotatedFields(type, annotation, filter, HierarchyTraversalMode.TOP_DOWN);
    }

    private static <A extends Annotation> void set(Field field, Object instance, Class<A> annotation,
            List<Class<?>> types, Resolver<A> resolver, ExtensionContext context) {
        String where = "field " + field.getDeclaringClass().getSimpleName() + "." + field.getName();
        if (Modifier.isFinal(field.getModifiers())) {
            throw new ExtensionConfigurationException("@" + annotation.getSimpleName() + " on " + where
                    + " needs a non-final field");
        }
        if (!supported(field.getType(), types)) {
            throw new ExtensionConfigurationException(unsupported(annotation, where, field.getType(), types));
        }
        Object value = resolver.resolve(field.getAnnotation(annotation), field.getType(), context);
        try {
            field.setAccessible(true);
            field.set(instance, value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExtensionConfigurationException("Cannot set " + where + ": " + e.getMessage(), e);
        }
    }
}
