package nndl4j.backend.cuda;

/** A CUDA (or cuBLAS, NVRTC) call failed; the message names the call and the error, e.g. "cuMemAlloc: CUDA_ERROR_...". */
public class DeviceException extends RuntimeException {
    public DeviceException(String message) {
        super(message);
    }

    public DeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
