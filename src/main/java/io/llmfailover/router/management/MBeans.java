package io.llmfailover.router.management;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** The router's MBeans in the platform MBean server: {@code io.llmfailover:type=<type>,name=<camel context name>}. */
final class MBeans {

    private MBeans() {
    }

    static ObjectName name(String type, String camelContextName) {
        try {
            return new ObjectName(RouterManagement.DOMAIN + ":type=" + type + ",name=" + ObjectName.quote(camelContextName));
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Registers the bean under its interface's {@link Described} texts (in place of one left by an earlier start). */
    static <T> void register(T bean, Class<T> api, ObjectName name) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
        server.registerMBean(new DescribedMBean<>(bean, api), name);
    }

    static void unregister(ObjectName name) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        if (name != null && server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
    }
}
