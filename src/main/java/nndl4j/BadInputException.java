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
}
