package nndl4j.backend.cuda;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the long, multi-line errors of failed native loads into the one-line reason users see. */
final class NativeLoadFailure {
    /** The library the dynamic linker could not find, as in "x.so: libcuda.so.1: cannot open shared object file". */
    private static final Pattern MISSING = Pattern.compile("([^\\s:/]+): cannot open shared object file");

    private NativeLoadFailure() {
    }

    /**
     * Runs {@code load}, which touches a class whose static initialiser loads natives, and returns why that failed,
     * or null. Call it once per class and keep the answer: a failed initialiser is not retried, and later uses only
     * see a NoClassDefFoundError without the reason.
     */
    static String of(Runnable load) {
        try {
            load.run();
            return null;
        } catch (LinkageError e) {
            return reason(e);
        }
    }

    /** E.g. "libcuda.so.1 not found"; else the first line of the innermost message. */
    static String reason(Throwable failure) {
        String firstLine = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message == null) {
                continue;
            }
            Matcher missing = MISSING.matcher(message);
            if (missing.find()) {
                return missing.group(1) + " not found";
            }
            firstLine = message.lines().findFirst().orElse(message).strip();
        }
        return firstLine != null ? firstLine : failure.getClass().getSimpleName();
    }
}
