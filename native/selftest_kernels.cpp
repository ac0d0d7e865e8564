// The emulator's own test kernels (selftest_kernels.cu), registered like those of kernels/.
#include "cuda_emu.h"
#include "selftest_kernels.cu"
#include "kernel_registry.h"

NNDL4J_EMU_REGISTER(emulator_test_write_one_past)
NNDL4J_EMU_REGISTER(emulator_test_neighbour_through_shared)
NNDL4J_EMU_REGISTER(emulator_test_divergent_barrier)
NNDL4J_EMU_REGISTER(emulator_test_two_barriers)
NNDL4J_EMU_REGISTER(emulator_test_trap)
NNDL4J_EMU_REGISTER(emulator_test_atomics)
NNDL4J_EMU_REGISTER(emulator_test_wild_write)
NNDL4J_EMU_REGISTER(emulator_test_float4_load)
