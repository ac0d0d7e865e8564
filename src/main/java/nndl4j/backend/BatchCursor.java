package nndl4j.backend;

/**
 * Where a training step is: its step number (numbered from 0 across epochs: the dropout masks' counter) and the
 * offset of its mini-batch's first column in the epoch's permutation. A backend keeps it in its own memory and the
 * ops read it when they run, so that a recorded step ({@link Backend#record}) reads the current position each time
 * it is replayed, and {@link Backend#advanceCursor} moves it on from inside the recording. The host keeps a copy of
 * the position: what {@link #step()} and {@link #offset()} return and the shape checks use.
 */
public abstract class BatchCursor implements AutoCloseable {
    private long step;
    private int offset;

    public final long step() {
        return step;
    }

    public final int offset() {
        return offset;
    }

    /** Sets the host copy: the position the backend's copy holds once the ops issued so far have run. */
    protected final void setPosition(long step, int offset) {
        this.step = step;
        this.offset = offset;
    }

    @Override
    public abstract void close();
}
