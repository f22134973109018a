package io.llmfailover.router.management;

import java.lang.reflect.Method;
import java.util.Arrays;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;

/**
 * A standard MBean whose descriptions and parameter names come from {@link Described} on its interface, so that
 * JConsole, Hawtio's JMX tab and {@code jolokia list} explain every lever ({@code forcePrimary(provider, minutes)}),
 * rather than "Operation exposed for management" with {@code p1}, {@code p2}.
 */
final class DescribedMBean<T> extends StandardMBean {

    private final Class<T> type;

    DescribedMBean(T implementation, Class<T> type) throws NotCompliantMBeanException {
        super(implementation, type);
        this.type = type;
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        Described d = type.getAnnotation(Described.class);
        return d == null ? super.getDescription(info) : d.value();
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        Method getter = find((info.isIs() ? "is" : "get") + info.getName(), 0);
        Described d = getter == null ? null : getter.getAnnotation(Described.class);
        return d == null ? super.getDescription(info) : d.value();
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        Method m = operation(info);
        Described d = m == null ? null : m.getAnnotation(Described.class);
        return d == null ? super.getDescription(info) : d.value();
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        Described d = parameter(op, sequence);
        return d == null || d.name().isEmpty() ? super.getParameterName(op, param, sequence) : d.name();
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        Described d = parameter(op, sequence);
        return d == null ? super.getDescription(op, param, sequence) : d.value();
    }

    private Described parameter(MBeanOperationInfo op, int sequence) {
        Method m = operation(op);
        return m == null ? null : Arrays.stream(m.getParameters()[sequence].getAnnotations())
                .filter(a -> a instanceof Described).map(a -> (Described) a).findFirst().orElse(null);
    }

    private Method operation(MBeanOperationInfo info) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(info.getName()) && m.getParameterCount() == info.getSignature().length) {
                return m;
            }
        }
        return null;
    }

    private Method find(String name, int parameters) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == parameters) {
                return m;
            }
        }
        return null;
    }
}
