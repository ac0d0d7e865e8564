package nndl4j.backend.cuda;

/** One allocation on a {@link Device}, freed once by {@link #close}; using it afterwards fails instead of corrupting memory. */
final class DeviceMemory implements AutoCloseable {
    private final Device device;
    private final long pointer;
    private boolean freed;

    DeviceMemory(Device device, long bytes) {
        this.device = device;
        this.pointer = device.allocate(bytes);
    }

    long pointer() {
        if (freed) {
            throw new IllegalStateException("device memory used after it was closed");
        }
        return pointer;
    }

    @Override
    public void close() {
        if (!freed) {
            freed = true;
            device.free(pointer);
        }
    }
}
