package nndl4j.backend;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a test as the parity test of the named {@link Backend} methods (checked by {@link EveryOpIsTestedTest}). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface ParityOf {
    String[] value();
}
