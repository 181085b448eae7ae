package io.github.hotpath.core;

import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared registration helper against the real platform MBean server. */
class JmxRegistrationTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    /** A minimal MXBean interface, as a component declares one. */
    public interface ProbeMXBean {
        /** {@return a count} */
        long getCount();
    }

    private static ProbeMXBean probe(final AtomicLong count) {
        return count::get;
    }

    @Test
    void registersUnderTheHotpathDomainAndUnregistersOnCloseOnce() throws Exception {
        final AtomicLong count = new AtomicLong(123_456_789L);
        final ObjectName on = new ObjectName("io.github.hotpath:type=Probe,name=probe-1");
        final JmxRegistration r = JmxRegistration.register("Probe", "probe-1", ProbeMXBean.class, probe(count));
        try {
            assertEquals(on.getCanonicalName(), new ObjectName(r.objectName()).getCanonicalName());
            assertEquals(123_456_789L, SERVER.getAttribute(on, "Count"));
            count.incrementAndGet();
            assertEquals(123_456_790L, SERVER.getAttribute(on, "Count"), "read live, not copied at registration");
        } finally {
            r.close();
        }
        assertFalse(SERVER.isRegistered(on));
        r.close();
    }

    @Test
    void aTakenNameIsRefusedAndAnUnregisteredBeanClosesQuietly() throws Exception {
        final AtomicLong count = new AtomicLong();
        try (JmxRegistration first = JmxRegistration.register("Probe", "twice", ProbeMXBean.class, probe(count))) {
            final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> JmxRegistration.register("Probe", "twice", ProbeMXBean.class, probe(count)));
            assertTrue(e.getMessage().contains("io.github.hotpath:type=Probe,name=twice is already registered"),
                e.getMessage());
            SERVER.unregisterMBean(new ObjectName(first.objectName())); // someone else removes it first
        }
    }

    @Test
    void namesThatAreNoPlainObjectNameValueAreRefused() {
        for (final String bad : new String[] {"", "a,b", "a=b", "a:b", "a\"b", "a*b", "a?b", "a\rb", "a\nb",
            "a\u0085b", "a\u2028b", "a\u2029b", "a\u001bb", "a\tb"}) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JmxRegistration.requireName("name", bad));
            assertTrue(e.getMessage().startsWith("name must"), e.getMessage());
        }
        assertEquals("orders-pool.eu_1 (blue)", JmxRegistration.requireName("name", "orders-pool.eu_1 (blue)"));
        assertThrows(NullPointerException.class, () -> JmxRegistration.requireName("name", null));
        assertThrows(NullPointerException.class, () -> JmxRegistration.register("Probe", "n", ProbeMXBean.class, null));
    }

    @Test
    void aClassThatIsNoMXBeanInterfaceIsRefused() {
        assertThrows(IllegalArgumentException.class,
            () -> JmxRegistration.register("Probe", "not-an-interface", Object.class, new Object()));
    }
}
