package io.opsagent.profile.sites;

import net.bytebuddy.asm.Advice;

/**
 * Inlined by Byte Buddy at the exit of each constructor of the suspect class: one static call. Any
 * throwable, even failing to resolve the recorder, is suppressed, so the construction always completes.
 */
final class ConstructorAdvice {
    private ConstructorAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object self) {
        ConstructionRecorder.constructed(self);
    }
}
