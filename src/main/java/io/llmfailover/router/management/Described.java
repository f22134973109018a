package io.llmfailover.router.management;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What an attribute, an operation or a parameter of the Router MBean means, as JConsole, Hawtio and {@code jolokia
 * list} show it ({@link DescribedMBean}); on a parameter, also its name (Java does not keep parameter names).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER })
public @interface Described {

    /** The description. */
    String value();

    /** A parameter's name ({@code provider}, {@code minutes}); empty elsewhere. */
    String name() default "";
}
