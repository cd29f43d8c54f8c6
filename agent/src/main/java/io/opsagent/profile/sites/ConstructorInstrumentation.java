package io.opsagent.profile.sites;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Arrays;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * The only class that uses Byte Buddy (so nothing of it loads unless a constructor sampling runs):
 * retransforms the suspect classes with {@link ConstructorAdvice} inlined at every constructor's
 * exit, and back. The transformer is registered only for the retransformation itself; undoing is a
 * second retransformation without it, which the JVM starts again from the original class file.
 * Inlined advice adds no field or method, so retransformation allows it.
 */
final class ConstructorInstrumentation implements ClassFileTransformer {
    private final Class<?>[] targets;
    private final AsmVisitorWrapper advice = Advice.to(ConstructorAdvice.class).on(ElementMatchers.isConstructor());
    private volatile Throwable error;
    private volatile int transformed;

    ConstructorInstrumentation(Class<?>[] targets) {
        this.targets = targets.clone();
    }

    /** Instruments the targets; null when all were, else why not (then none is left instrumented by this call's transformer). */
    String apply(Instrumentation inst) {
        inst.addTransformer(this, true);
        try {
            inst.retransformClasses(targets);
        } catch (Throwable t) {
            return "retransforming " + Arrays.toString(targets) + " failed: " + t;
        } finally {
            inst.removeTransformer(this);
        }
        if (error != null) {
            return "Byte Buddy could not instrument the constructors: " + error;
        }
        return transformed == targets.length ? null : "the JVM retransformed " + transformed + " of " + targets.length + " classes";
    }

    /** Restores the original classes; null when done, else why not. */
    String undo(Instrumentation inst) {
        try {
            inst.retransformClasses(targets);
            return null;
        } catch (Throwable t) {
            return "restoring " + Arrays.toString(targets) + " failed: " + t;
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain pd, byte[] bytes) {
        if (redefined == null || !isTarget(redefined)) {
            return null;
        }
        try {
            byte[] out = new ByteBuddy()
                    .with(TypeValidation.DISABLED)
                    .with(Implementation.Context.Disabled.Factory.INSTANCE)
                    .redefine(TypeDescription.ForLoadedType.of(redefined), ClassFileLocator.Simple.of(redefined.getName(), bytes))
                    .visit(advice)
                    .make()
                    .getBytes();
            transformed++;
            return out;
        } catch (Throwable t) {
            error = t;
            return null;
        }
    }

    private boolean isTarget(Class<?> c) {
        for (Class<?> t : targets) {
            if (t == c) {
                return true;
            }
        }
        return false;
    }
}
