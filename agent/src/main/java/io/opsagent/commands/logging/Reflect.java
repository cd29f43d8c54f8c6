package io.opsagent.commands.logging;

import java.lang.reflect.Method;

/** Small reflective calls into the application's logging frameworks, which the agent must not link against. */
final class Reflect {
    private Reflect() {
    }

    static Object call(Object target, String method, Class<?>[] types, Object... args) throws Exception {
        Method m = target.getClass().getMethod(method, types);
        m.setAccessible(true);
        return m.invoke(target, args);
    }

    static Object callStatic(Class<?> c, String method, Class<?>[] types, Object... args) throws Exception {
        Method m = c.getMethod(method, types);
        return m.invoke(null, args);
    }

    static Class<?>[] types(Class<?>... t) {
        return t;
    }

    static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
