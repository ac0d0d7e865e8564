package nndl4j.backend.cuda;

import jcuda.JCudaVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * nndl4j's libcublas.so.12 forwarder (native/cublas_shim) as built into target/classes, without a GPU: its exports
 * against what JCublas2 imports; JCublas2 over it where no libcublas.so.13 exists (every call fails cleanly); and
 * JCublas2 over it with a host-side stand-in for libcublas.so.13 (src/test/native/fake_cublas13.c), found through
 * $CUDA_HOME as {@link CublasLibrary} finds the real one. JCublas2's natives need no libcuda or libcudart (its only
 * CUDA dependency is libcublas.so.12), so they load here. Each JCublas2 load runs in a JVM of its own
 * ({@link CublasForwarderProbe}), with LD_BIND_NOW=1 so that the dynamic linker binds every function JCublas2
 * imports at load time and fails there if the forwarder lacks one.
 */
class CublasForwarderTest {
    private static final String JCUBLAS2 = "/lib/libJCublas2-" + JCudaVersion.get() + "-linux-x86_64.so";
    private static final int NOT_INITIALIZED = 1;

    @Test
    void exportsEveryFunctionJCublas2ImportsUnderItsVersion(@TempDir Path tmp) throws Exception {
        Path forwarder = builtForwarder();
        Path jcublas2 = tmp.resolve("libJCublas2.so");
        try (InputStream in = CublasForwarderTest.class.getResourceAsStream(JCUBLAS2)) {
            assertNotNull(in, JCUBLAS2 + " on the test classpath (jcublas-natives)");
            Files.copy(in, jcublas2, StandardCopyOption.REPLACE_EXISTING);
        }
        Set<String> imported = symbols(run(List.of("nm", "-D", "--undefined-only", jcublas2.toString())), "@");
        Set<String> exported = symbols(run(List.of("nm", "-D", "--defined-only", forwarder.toString())), "@@");
        assertTrue(imported.size() > 400, "JCublas2 imports " + imported.size() + " cuBLAS functions");
        Set<String> missing = new TreeSet<>(imported);
        missing.removeAll(exported);
        assertTrue(missing.isEmpty(), "the forwarder lacks " + missing);
        assertEquals(imported, exported, "the forwarder exports exactly what JCublas2 imports");

        String dynamic = run(List.of("readelf", "-d", forwarder.toString()));
        assertTrue(dynamic.contains("Library soname: [libcublas.so.12]"), dynamic);
        assertFalse(dynamic.contains("libcublas.so.13"), "libcublas.so.13 is opened at run time, not a dependency:\n" + dynamic);
    }

    @Test
    void withoutCublas13EveryCallReturnsNotInitialized() throws Exception {
        Path forwarder = builtForwarder();
        assumeTrue(CublasLibrary.choose(CublasLibrary.Places.ofThisMachine(), true).kind() == CublasLibrary.Kind.NONE,
                "this machine has a libcublas.so.12 or .so.13, which the forwarder would find");
        Probe probe = probe(List.of("stub", forwarder.toString()), Map.of());
        assertEquals(0, probe.exitCode, probe.output);
        assertEquals(String.valueOf(NOT_INITIALIZED), probe.value("create"), probe.output);
        assertEquals(String.valueOf(NOT_INITIALIZED), probe.value("getVersion"), probe.output);
        assertEquals(String.valueOf(NOT_INITIALIZED), probe.value("destroy"), probe.output);
        assertEquals("0", probe.value("cudartVersion"), probe.output);
        assertTrue(probe.value("statusName").startsWith("CUBLAS_STATUS_NOT_INITIALIZED"), probe.output);
        assertTrue(probe.value("statusString").startsWith("CUBLAS_STATUS_NOT_INITIALIZED"), probe.output);
        assertTrue(probe.output.contains("nndl4j's libcublas.so.12 forwarder: libcublas.so.13: cannot open shared object file"),
                "the forwarder says once why: " + probe.output);
    }

    @Test
    void forwardsEveryArgumentToCublas13FoundThroughCudaHome(@TempDir Path cudaHome) throws Exception {
        builtForwarder();
        assumeTrue(CublasLibrary.choose(CublasLibrary.Places.ofThisMachine(), true).kind() == CublasLibrary.Kind.NONE,
                "this machine has a libcublas.so.12 or .so.13 of its own, which CublasLibrary would prefer");
        String compiler = cCompiler();
        Path cublas13 = Files.createDirectories(cudaHome.resolve("lib64")).resolve("libcublas.so.13");
        run(List.of(compiler, "-O2", "-fPIC", "-shared", "-Wl,-soname,libcublas.so.13", "-o", cublas13.toString(),
                Path.of("src/test/native/fake_cublas13.c").toAbsolutePath().toString()));

        // Only $CUDA_HOME names the folder: the forwarder's dlopen by soname must find the copy CublasLibrary loaded.
        Probe probe = probe(List.of("forward"), Map.of("CUDA_HOME", cudaHome.toString()));
        assertEquals(0, probe.exitCode, probe.output);
        assertEquals("FORWARD_TO_13", probe.value("kind"), probe.output);
        assertEquals("through nndl4j's libcublas.so.12 forwarder to " + cublas13, probe.value("library"), probe.output);
        assertEquals("0", probe.value("create"), probe.output);
        assertEquals("0", probe.value("getVersion"), probe.output);
        assertEquals("130002", probe.value("version"), probe.output);
        assertEquals("0.0", probe.value("sgemmError"), "cublasSgemm's 14 arguments arrive intact: " + probe.output);
        assertEquals("0", probe.value("destroy"), probe.output);
        // Functions the stand-in lacks keep their fallbacks, as ones a real libcublas.so.13 dropped would.
        assertEquals("0", probe.value("cudartVersion"), probe.output);
        assertTrue(probe.value("statusName").startsWith("CUBLAS_STATUS_NOT_INITIALIZED"), probe.output);
        assertFalse(probe.output.contains("cannot open"), probe.output);
    }

    /** The forwarder in target/classes, or the test is skipped where the build made none. */
    private static Path builtForwarder() throws Exception {
        URL url = CublasForwarderTest.class.getResource(CublasLibrary.FORWARDER);
        assumeTrue(url != null, "the libcublas.so.12 forwarder was not built for " + EmulatedDevice.platform()
                + " (the build needs Linux x86_64 or aarch64, a C compiler and nm; it printed why)");
        return EmulatedDevice.localFile(url);
    }

    private static String cCompiler() {
        for (String c : List.of("cc", "gcc", "clang")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                if (Files.isExecutable(Path.of(dir, c))) {
                    return c;
                }
            }
        }
        assumeTrue(false, "no C compiler (cc, gcc or clang) to build the stand-in libcublas.so.13");
        return null;
    }

    /** The names of the symbols with version libcublas.so.12 in nm's output ("U name@libcublas.so.12"). */
    private static Set<String> symbols(String nm, String separator) {
        Set<String> names = new TreeSet<>();
        for (String line : nm.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            String symbol = fields[fields.length - 1];
            if (symbol.endsWith(separator + "libcublas.so.12")) {
                names.add(symbol.substring(0, symbol.length() - (separator + "libcublas.so.12").length()));
            }
        }
        return names;
    }

    /** Runs a tool and returns its output; fails the test where it fails. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ":\n" + output);
        return output;
    }

    private record Probe(int exitCode, String output) {
        String value(String key) {
            return output.lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1))
                    .findFirst().orElse("(no " + key + " line)");
        }
    }

    /** Runs {@link CublasForwarderProbe} in a new JVM on the test classpath, with LD_BIND_NOW=1 and these variables. */
    private static Probe probe(List<String> args, Map<String, String> env) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CublasForwarderProbe.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("LD_BIND_NOW", "1");
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Probe(p.waitFor(), output);
    }
}
