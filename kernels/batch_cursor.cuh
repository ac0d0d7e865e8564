// nndl4j.backend.BatchCursor in device memory: the training step (the dropout masks' counter) and the offset of the
// mini-batch's first column in the epoch's permutation. Kernels read it when they run, so that a recorded training
// step (a CUDA graph) serves every mini-batch: its last node, advance_cursor, moves it on.
#ifndef NNDL4J_BATCH_CURSOR_CUH
#define NNDL4J_BATCH_CURSOR_CUH

struct batch_cursor {
    long long step;
    long long offset;
};

#endif
