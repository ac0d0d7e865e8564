package nndl4j.backend.cuda;

import nndl4j.backend.BatchCursor;

/** A cursor in device memory, as kernels/batch_cursor.cuh lays it out: two little-endian 64-bit ints, step and offset. */
final class CudaBatchCursor extends BatchCursor {
    static final long BYTES = 2 * Long.BYTES;

    private final DeviceMemory memory;

    CudaBatchCursor(DeviceMemory memory) {
        this.memory = memory;
    }

    /** The device layout of (step, offset) as 32-bit words, low word first. */
    static int[] words(long step, long offset) {
        return new int[] {(int) step, (int) (step >>> 32), (int) offset, (int) (offset >>> 32)};
    }

    long pointer() {
        return memory.pointer();
    }

    void moveTo(long step, int offset) {
        setPosition(step, offset);
    }

    @Override
    public void close() {
        memory.close();
    }
}
