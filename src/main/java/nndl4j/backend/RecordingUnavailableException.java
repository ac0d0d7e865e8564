package nndl4j.backend;

/** Why a backend cannot record a step ({@link Backend#record}); the caller issues the ops one by one instead. */
public class RecordingUnavailableException extends RuntimeException {
    public RecordingUnavailableException(String message) {
        super(message);
    }

    public RecordingUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
