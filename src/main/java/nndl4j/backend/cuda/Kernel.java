package nndl4j.backend.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The kernels of {@code kernels/}: each constant is one {@code <entry>.cu} file defining the {@code extern "C"}
 * kernel {@code <entry>}. The jar carries the sources under {@code nndl4j/kernels/} (for NVRTC) and, when the
 * build had nvcc, a fatbin of each beside them.
 */
enum Kernel {
    ADD_BIAS_ACTIVATE,
    ADD_BIAS_SOFTMAX,
    MULTIPLY_ACTIVATION_DERIVATIVE,
    DIFFERENCE,
    DROPOUT,
    ROW_SUMS,
    SGD_UPDATE,
    GATHER_COLUMNS,
    COUNT_ARGMAX_MATCHES,
    QUADRATIC_COST_SUM,
    CROSS_ENTROPY_COST_SUM,
    LOG_LIKELIHOOD_COST_SUM,
    SUM_OF_SQUARES,
    IM2COL,
    COL2IM,
    MAX_POOL_ADD_BIAS_ACTIVATE,
    MAX_POOL_BACKWARD,
    CHANNEL_SUMS,
    ADVANCE_CURSOR,
    SGEMM;

    /** The headers the kernel sources include, by include name. */
    static final Map<String, String> HEADERS = loadHeaders("block_sum.cuh", "activations.cuh", "philox.cuh", "max_pool.cuh",
            "batch_cursor.cuh");

    private static final String RESOURCES = "/nndl4j/kernels/";

    /** The kernel's name in C, which is also its file name without {@code .cu}. */
    String entry() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The CUDA C source. */
    String source() {
        return resource(entry() + ".cu")
                .orElseThrow(() -> new IllegalStateException("kernel source " + RESOURCES + entry() + ".cu missing from the classpath"));
    }

    /** The fatbin built by nvcc with the jar, or empty where the build had no CUDA toolkit. */
    Optional<byte[]> shippedFatbin() {
        return bytes(entry() + ".fatbin");
    }

    private static Map<String, String> loadHeaders(String... names) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : names) {
            headers.put(name, resource(name)
                    .orElseThrow(() -> new IllegalStateException("kernel header " + RESOURCES + name + " missing from the classpath")));
        }
        return headers;
    }

    private static Optional<String> resource(String file) {
        return bytes(file).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    private static Optional<byte[]> bytes(String file) {
        try (InputStream in = Kernel.class.getResourceAsStream(RESOURCES + file)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCES + file, e);
        }
    }
}
