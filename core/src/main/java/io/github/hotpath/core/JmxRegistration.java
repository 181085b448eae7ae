package io.github.hotpath.core;

import java.lang.management.ManagementFactory;
import java.util.Objects;

/**
 * One hotpath component (object pool, worker pool, log service) registered as an MXBean on the platform MBean server
 * under {@code io.github.hotpath:type=<type>,name=<name>}; {@link #close()} unregisters it. The components register
 * themselves through this type when their builder's {@code jmx(true)} asks for it, and close the registration in
 * their own {@code close()}; a user rarely calls it directly.
 *
 * <p>Registration is opt-in and needs nothing beyond the JDK: the bean is wrapped in a
 * {@link javax.management.StandardMBean} as an MXBean, so a JMX console, Jolokia or the Prometheus JMX exporter
 * sees plain numeric attributes and needs none of hotpath's classes. A component's name is also its Micrometer
 * {@code name} tag, so both views of one component carry the same name.
 *
 * <h2>Module path</h2>
 * {@code io.github.hotpath.core} declares {@code requires static java.management}: a service that never opts in
 * needs no JMX module (a {@code jlink} image may leave it out), and this type loads the JMX classes only in
 * {@link #register}. A modular application that opts in must have {@code java.management} in its module graph
 * ({@code requires java.management;} in its own {@code module-info}, or {@code --add-modules java.management});
 * when it is missing, {@link #register} says so instead of failing with a {@link NoClassDefFoundError}. On the class
 * path every JDK module is there.
 *
 * <h2>Thread-safety and allocation</h2>
 * Thread-safe. Registering and unregistering allocate (JMX's own structures); neither is meant for a hot path. The
 * registered bean is read by JMX clients on their own threads: it must be safe to call from any thread, and reading
 * it must not write what the component's hot path uses (the components' beans read their {@code metrics()}
 * snapshot through a {@link SnapshotCache}).
 */
public final class JmxRegistration implements AutoCloseable {
    /** The domain of every hotpath ObjectName: {@value}. */
    public static final String DOMAIN = "io.github.hotpath";

    /** The characters a name may not hold, because JMX gives them a meaning in an unquoted ObjectName value. */
    private static final String RESERVED = ",=:\"*?\n\r";

    private final String objectName;
    private boolean registered = true;

    private JmxRegistration(final String objectName) {
        this.objectName = objectName;
    }

    /**
     * Registers {@code bean} as an MXBean named {@code io.github.hotpath:type=<type>,name=<name>} on the platform
     * MBean server.
     *
     * @param type            the component's kind: {@code ObjectPool}, {@code WorkerPool}, {@code LogService}.
     * @param name            the component's name (see {@link #requireName(String, String)}).
     * @param mxbeanInterface the public interface whose getters are the attributes (an MXBean interface: its
     *                        getters return primitives, strings or other types JMX maps to open types).
     * @param bean            the implementation, safe to call from any thread.
     * @param <T>             the interface type.
     * @return the registration; close it to unregister.
     * @throws NullPointerException     if an argument is null.
     * @throws IllegalArgumentException if {@code type} or {@code name} is not a valid name, or the interface is
     *                                  not a valid MXBean interface.
     * @throws IllegalStateException    if a bean of that name is already registered (give each component its own
     *                                  name), or if this run has no {@code java.management} module.
     */
    public static <T> JmxRegistration register(final String type, final String name, final Class<T> mxbeanInterface,
                                               final T bean) {
        requireName("type", type);
        requireName("name", name);
        Objects.requireNonNull(mxbeanInterface, "mxbeanInterface");
        Objects.requireNonNull(bean, "bean");
        if (JmxRegistration.class.getModule().isNamed()
            && ModuleLayer.boot().findModule("java.management").isEmpty()) {
            throw new IllegalStateException("cannot register " + type + " '" + name + "' with JMX: the module"
                + " java.management is not in this run's module graph; add 'requires java.management;' to the"
                + " application's module-info, or run with --add-modules java.management");
        }
        final String objectName = DOMAIN + ":type=" + type + ",name=" + name;
        Platform.register(objectName, mxbeanInterface, bean);
        return new JmxRegistration(objectName);
    }

    /**
     * Checks a component name: it appears verbatim as the {@code name} key of the component's ObjectName and as
     * the value of its Micrometer {@code name} tag, so it must be non-empty and hold none of
     * {@code , = : " * ?}, no control character and no line break (U+2028 and U+2029 included).
     *
     * @param parameter the parameter's name, for the message.
     * @param name      the name to check.
     * @return {@code name}.
     * @throws NullPointerException     if {@code name} is null.
     * @throws IllegalArgumentException if {@code name} is empty or holds a reserved character.
     */
    public static String requireName(final String parameter, final String name) {
        Objects.requireNonNull(name, parameter);
        if (name.isEmpty()) {
            throw new IllegalArgumentException(parameter + " must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            if (RESERVED.indexOf(c) >= 0 || Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new IllegalArgumentException(parameter + " must hold none of , = : \" * ?, no control"
                    + " character and no line break (it is a JMX ObjectName value), got \"" + name + "\"");
            }
        }
        return name;
    }

    /**
     * The registered ObjectName, for {@code new ObjectName(...)} or a query.
     *
     * @return {@code io.github.hotpath:type=<type>,name=<name>}.
     */
    public String objectName() {
        return objectName;
    }

    /**
     * Unregisters the bean. Calling it again has no effect; a bean that someone else already unregistered is
     * ignored.
     */
    @Override
    public synchronized void close() {
        if (registered) {
            registered = false;
            Platform.unregister(objectName);
        }
    }

    @Override
    public String toString() {
        return "JmxRegistration[" + objectName + "]";
    }

    /** Everything that touches {@code javax.management}: loaded only by the first registration. */
    private static final class Platform {
        private Platform() {
        }

        static <T> void register(final String objectName, final Class<T> mxbeanInterface, final T bean) {
            final javax.management.ObjectName on;
            try {
                on = new javax.management.ObjectName(objectName);
            } catch (final javax.management.MalformedObjectNameException e) {
                throw new IllegalArgumentException("not a valid ObjectName: " + objectName, e);
            }
            final javax.management.StandardMBean mbean;
            try {
                mbean = new javax.management.StandardMBean(bean, mxbeanInterface, true);
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException(mxbeanInterface.getName() + " is not an MXBean interface", e);
            }
            try {
                ManagementFactory.getPlatformMBeanServer().registerMBean(mbean, on);
            } catch (final javax.management.InstanceAlreadyExistsException e) {
                throw new IllegalStateException(objectName + " is already registered: give each component its"
                    + " own name(...)", e);
            } catch (final javax.management.JMException e) {
                throw new IllegalStateException("cannot register " + objectName + " with JMX", e);
            }
        }

        static void unregister(final String objectName) {
            try {
                ManagementFactory.getPlatformMBeanServer()
                    .unregisterMBean(new javax.management.ObjectName(objectName));
            } catch (final javax.management.InstanceNotFoundException gone) {
                // Someone else unregistered it: what close() was for is done.
            } catch (final javax.management.JMException e) {
                throw new IllegalStateException("cannot unregister " + objectName + " from JMX", e);
            }
        }
    }
}
