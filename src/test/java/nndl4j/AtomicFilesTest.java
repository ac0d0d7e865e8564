package nndl4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link AtomicFiles}: what a write replaces and keeps, checked on the files themselves. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    private static void write(Path target, String content) {
        AtomicFiles.write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    /** The names in the folder, sorted: what a write left behind. */
    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFailedBodyKeepsTheOldFileAndLeavesNoTemp() throws IOException {
        Path target = dir.resolve("m.json");
        write(target, "old");
        BadInputException e = assertThrows(BadInputException.class, () -> AtomicFiles.write(target, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of("m.json"), names());
    }

    @Test
    void aSymbolicLinkIsWrittenThroughAndStaysALink() throws IOException {
        Path real = dir.resolve("real.json");
        Path link = dir.resolve("link.json");
        write(real, "old");
        Files.createSymbolicLink(link, real.getFileName()); // relative, as ln -s real.json link.json makes it
        write(link, "new");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(real));
        Path dangling = dir.resolve("dangling.json");
        Files.createSymbolicLink(dangling, dir.resolve("made-by-the-write.json"));
        write(dangling, "fresh");
        assertTrue(Files.isSymbolicLink(dangling));
        assertEquals("fresh", Files.readString(dir.resolve("made-by-the-write.json")));
    }

    @Test
    void thePermissionsOfTheReplacedFileAreKept() throws IOException {
        Path secret = dir.resolve("secret.json");
        write(secret, "old");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        write(secret, "new");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
        assertEquals("new", Files.readString(secret));
    }

    @Test
    void onlyARegularFileIsReplaced() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("folder"));
        assertTrue(assertThrows(BadInputException.class, () -> write(folder, "x")).getMessage().contains("is a directory"));
        assertTrue(Files.isDirectory(folder));
        Path devNull = Path.of("/dev/null");
        assumeTrue(Files.exists(devNull), "no /dev/null here");
        assertTrue(assertThrows(BadInputException.class, () -> write(devNull, "x")).getMessage().contains("not a regular file"));
        assertFalse(Files.isRegularFile(devNull), "/dev/null is still a device");
    }

    @Test
    void staleTempsOfDeadWritersOfThisTargetAreRemovedAndNothingElse() throws Exception {
        Path target = dir.resolve("m.json");
        Process dead = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).start();
        dead.getInputStream().readAllBytes();
        dead.waitFor();
        String stale = AtomicFiles.tempName("m.json", dead.pid());
        String live = AtomicFiles.tempName("m.json", ProcessHandle.current().pid()); // a write in flight in this JVM
        String otherTarget = AtomicFiles.tempName("other.json", dead.pid());
        for (String name : List.of(stale, live, otherTarget, ".m.json.user-backup.tmp")) {
            Files.writeString(dir.resolve(name), "leftover");
        }
        write(target, "new");
        assertEquals(List.of(live, ".m.json.user-backup.tmp", otherTarget, "m.json").stream().sorted().toList(), names());
    }
}
