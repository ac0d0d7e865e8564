package nndl4j;

/**
 * A problem with what the user gave us (a file, a hyperparameter, a model): reported as one line,
 * optionally followed by one hint line, and a non-zero exit, never a stack trace unless {@code --verbose}.
 */
public class BadInputException extends IllegalArgumentException {
    private final String hint;

    public BadInputException(String message) {
        this(message, null, null);
    }

    public BadInputException(String message, String hint) {
        this(message, hint, null);
    }

    public BadInputException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    /** A second line telling the user what to do, or null. */
    public String hint() {
        return hint;
    }

    /**
     * {@code text} from the input (a name, a library's message) made fit for a one-line message: line breaks and
     * other control characters escaped as a backslash, u and four hex digits, as in Java source.
     */
    public static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
