package io.github.hotpath.core.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Tells virtual threads from platform threads at run time, so that the library compiles for Java 17 and still takes
 * its virtual-thread paths on JDK 21+: {@code Thread.isVirtual()} is reached through a constant {@link MethodHandle},
 * which the JIT inlines. On JDK 17 the handle is absent and every thread is a platform thread.
 *
 * <p>Internal: used by the pool (which idle store a thread takes from) and the allocation meter (which threads it can
 * read). Static and stateless; allocates nothing.
 */
public final class ThreadKind {
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();
    /** Whether this JVM has virtual threads at all (JDK 21+). */
    public static final boolean VIRTUAL_THREADS = IS_VIRTUAL != null;

    private ThreadKind() {
    }

    /**
     * Whether a thread is virtual; false on JDK 17, which has none.
     *
     * @param thread the thread.
     * @return true if it is a virtual thread.
     */
    public static boolean isVirtual(final Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (final Throwable e) {
            throw new IllegalStateException("Thread.isVirtual() failed", e);
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup()
                .findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (final NoSuchMethodException | IllegalAccessException beforeJdk21) {
            return null;
        }
    }
}
