package nndl4j.backend.cuda;

import nndl4j.backend.cuda.CublasLibrary.Candidate;
import nndl4j.backend.cuda.CublasLibrary.Choice;
import nndl4j.backend.cuda.CublasLibrary.Kind;
import nndl4j.backend.cuda.CublasLibrary.Places;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which libcublas {@link CublasLibrary} chooses, on a fake file system in a temporary folder (nothing is loaded). */
class CublasLibraryTest {
    @TempDir
    Path root;

    private final Map<String, String> env = new HashMap<>();

    private Places places() {
        return new Places(env, root, root.resolve("home/user"), "amd64");
    }

    /** An empty file at this path under the fake root. */
    private Path file(String path) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.createFile(file);
    }

    @Test
    void prefersARealCublas12OverTheForwarder() throws IOException {
        file("usr/local/cuda-13.0/lib64/libcublas.so.13");
        Path real = file("usr/lib/x86_64-linux-gnu/libcublas.so.12");
        assertEquals(new Choice(Kind.LINKER_FINDS_12, real), CublasLibrary.choose(places(), true));
    }

    @Test
    void loadsACublas12ThatTheLinkerDoesNotSearch() throws IOException {
        file("usr/local/cuda-13.0/lib64/libcublas.so.13");
        Path wheel = file("home/user/.local/lib/python3.12/site-packages/nvidia/cublas/lib/libcublas.so.12");
        assertEquals(new Choice(Kind.LOAD_12, wheel), CublasLibrary.choose(places(), true));

        Path toolkit = file("opt/cuda-12.4/lib64/libcublas.so.12");
        env.put("CUDA_HOME", root.resolve("opt/cuda-12.4").toString());
        assertEquals(new Choice(Kind.LOAD_12, toolkit), CublasLibrary.choose(places(), true), "$CUDA_HOME before pip");
    }

    @Test
    void aCublas12TheLinkerFindsWinsOverOneElsewhere() throws IOException {
        file("opt/cuda-12.4/lib64/libcublas.so.12");
        env.put("CUDA_HOME", root.resolve("opt/cuda-12.4").toString());
        Path runpath = file("usr/local/cuda-12.0/lib64/libcublas.so.12");   // JCublas2's RUNPATH
        assertEquals(new Choice(Kind.LINKER_FINDS_12, runpath), CublasLibrary.choose(places(), true));
    }

    @Test
    void forwardsToTheNewestToolkitsCublas13() throws IOException {
        file("usr/local/cuda-13.2/lib64/libcublas.so.13");
        Path newest = file("usr/local/cuda-13.10/lib64/libcublas.so.13");
        Files.createDirectories(root.resolve("usr/local/cuda-13.11/lib64"));   // a toolkit without cuBLAS
        assertEquals(new Choice(Kind.FORWARD_TO_13, newest), CublasLibrary.choose(places(), true));
    }

    @Test
    void findsCublas13InNvidiasCuda13Wheel() throws IOException {
        env.put("VIRTUAL_ENV", root.resolve("venv").toString());
        Path wheel = file("venv/lib/python3.12/site-packages/nvidia/cu13/lib/libcublas.so.13");
        file("usr/lib/python3/dist-packages/nvidia/cu13/lib/libcublas.so.13");
        assertEquals(new Choice(Kind.FORWARD_TO_13, wheel), CublasLibrary.choose(places(), true), "the virtualenv first");
    }

    @Test
    void ldLibraryPathComesFirstInItsOrder() throws IOException {
        Path second = file("b/libcublas.so.13");
        file("usr/local/cuda/lib64/libcublas.so.13");
        env.put("LD_LIBRARY_PATH", root.resolve("a") + ":" + root.resolve("b"));
        assertEquals(new Choice(Kind.FORWARD_TO_13, second), CublasLibrary.choose(places(), true));
        Path first = file("a/libcublas.so.13");
        assertEquals(new Choice(Kind.FORWARD_TO_13, first), CublasLibrary.choose(places(), true));
    }

    @Test
    void readsTheLibrariesOfLdSoCache() throws IOException {
        Path cached = file("opt/vendor/lib/libcublas.so.12");
        String cache = "glibc-ld.so.cache1.1\u0001\u0002junk\0libcublas.so.12\0" + cached + "\0"
                + root.resolve("opt/vendor/lib/libcublasLt.so.12") + "\0libc.so.6\0/lib/x86_64-linux-gnu/libc.so.6\0";
        Files.createDirectories(root.resolve("etc"));
        Files.write(root.resolve("etc/ld.so.cache"), cache.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(List.of(cached), CublasLibrary.ldCache(root.resolve("etc/ld.so.cache"), "libcublas.so.12"));
        assertEquals(new Choice(Kind.LINKER_FINDS_12, cached), CublasLibrary.choose(places(), true));
        assertEquals(List.of(), CublasLibrary.ldCache(root.resolve("etc/missing"), "libcublas.so.12"), "no cache is no error");
    }

    @Test
    void searchesTheLinkersPlacesThenTheUsualOnes() throws IOException {
        Files.createDirectories(root.resolve("usr/local/cuda-12.8"));
        env.put("LD_LIBRARY_PATH", "/ld/path");
        env.put("CUDA_HOME", "/cuda/home");
        env.put("CUDA_PATH", "/cuda/path");
        List<Candidate> candidates = CublasLibrary.candidates(places(), "libcublas.so.12");
        List<Path> expectedOrder = List.of(Path.of("/ld/path/libcublas.so.12"),
                root.resolve("usr/local/cuda-12.0/lib64/libcublas.so.12"),
                root.resolve("lib/x86_64-linux-gnu/libcublas.so.12"),
                root.resolve("usr/lib/x86_64-linux-gnu/libcublas.so.12"),
                root.resolve("usr/lib64/libcublas.so.12"),
                root.resolve("usr/lib/libcublas.so.12"),
                Path.of("/cuda/home/lib64/libcublas.so.12"),
                Path.of("/cuda/path/lib64/libcublas.so.12"),
                root.resolve("usr/local/cuda/lib64/libcublas.so.12"),
                root.resolve("usr/local/cuda-12.8/lib64/libcublas.so.12"));
        List<Path> files = candidates.stream().map(Candidate::file).toList();
        int previous = -1;
        for (Path p : expectedOrder) {
            int index = files.indexOf(p);
            assertTrue(index > previous, p + " after the one before, in " + files);
            previous = index;
        }
        for (Candidate c : candidates) {
            String file = c.file().toString();
            boolean toolkit = file.startsWith("/cuda/") || file.startsWith(root.resolve("usr/local/cuda") + "");
            assertEquals(!toolkit || c.file().startsWith(root.resolve("usr/local/cuda-12.0")), c.linkerFinds(), file);
        }
        assertFalse(CublasLibrary.candidates(places(), "libcublas.so.13").stream()
                .anyMatch(c -> c.file().startsWith(root.resolve("usr/local/cuda-12.0"))), "JCublas2's RUNPATH is for .so.12 only");
    }

    @Test
    void theSwitchTurnsTheForwarderOff() throws IOException {
        Path cublas13 = file("usr/local/cuda-13.0/lib64/libcublas.so.13");
        assertEquals(new Choice(Kind.FORWARDER_OFF, cublas13), CublasLibrary.choose(places(), false));

        assertEquals("NNDL4J_CUBLAS_SHIM=0", CublasLibrary.switchedOff(null, "0"));
        assertEquals("-Dnndl4j.cublas.shim=false", CublasLibrary.switchedOff("false", "1"));
        assertNull(CublasLibrary.switchedOff("true", "0"), "the property wins");
        assertNull(CublasLibrary.switchedOff(null, "1"));
        assertNull(CublasLibrary.switchedOff(null, null));

        String reason = CublasLibrary.carryOut(new Choice(Kind.FORWARDER_OFF, cublas13), "NNDL4J_CUBLAS_SHIM=0")
                .whyNotLoaded("libcublas.so.12 not found");
        assertEquals("libcublas.so.12 not found; libcublas.so.13 is at " + cublas13
                + ", but nndl4j's libcublas.so.12 forwarder is off (NNDL4J_CUBLAS_SHIM=0)", reason);
    }

    @Test
    void withNeitherTheReasonSaysWhereItLooked() {
        assertEquals(new Choice(Kind.NONE, null), CublasLibrary.choose(places(), true));
        CublasLibrary none = CublasLibrary.carryOut(new Choice(Kind.NONE, null), null);
        String reason = none.whyNotLoaded("libcublas.so.12 not found");
        assertTrue(reason.startsWith("libcublas.so.12 not found; found neither libcublas.so.12 nor libcublas.so.13"), reason);
        for (String place : List.of("LD_LIBRARY_PATH", "/etc/ld.so.cache", "$CUDA_HOME", "/usr/local/cuda*/lib64",
                "nvidia/cublas/lib", "nvidia/cu13/lib")) {
            assertTrue(reason.contains(place), place + " in: " + reason);
        }
        assertNull(none.whyNotLoaded(null), "no reason where JCublas2 loaded");
    }
}
