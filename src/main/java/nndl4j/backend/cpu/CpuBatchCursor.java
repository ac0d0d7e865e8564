package nndl4j.backend.cpu;

import nndl4j.backend.BatchCursor;

/** On the CPU the host copy of the position is the position. */
final class CpuBatchCursor extends BatchCursor {
    void moveTo(long step, int offset) {
        setPosition(step, offset);
    }

    @Override
    public void close() {
    }
}
