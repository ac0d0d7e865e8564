package nndl4j.backend.cuda;

/**
 * A kernel faulted (an illegal address, a trap, a write outside its memory): on a GPU such an error is sticky, the
 * context is lost and every later call would fail with some other error. The device refuses all work after it,
 * naming this first error ({@link Device}).
 */
public class KernelFaultException extends DeviceException {
    public KernelFaultException(String message) {
        super(message);
    }
}
