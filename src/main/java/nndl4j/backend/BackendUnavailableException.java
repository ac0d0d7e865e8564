package nndl4j.backend;

/** A backend cannot run on this machine; the message is the one-line reason (e.g. "libcuda.so.1 not found"). */
public class BackendUnavailableException extends RuntimeException {
    public BackendUnavailableException(String reason) {
        super(reason);
    }

    public BackendUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
