package nndl4j.backend.cuda;

/**
 * Device memory ran out. {@link Device#allocate} throws it naming the failed call; {@link CudaBackend} rethrows it
 * saying what was asked for and how much is free.
 */
public class OutOfDeviceMemoryException extends DeviceException {
    public OutOfDeviceMemoryException(String message) {
        super(message);
    }

    public OutOfDeviceMemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
