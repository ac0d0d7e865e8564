package nndl4j.data;

import nndl4j.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the readers' fuzz tests share (docs/TESTING.md, "Fuzz tests"). The oracle: given any bytes as a file, a
 * reader returns normally or throws {@link BadInputException} with a one-line message. Anything else escapes and
 * fails the fuzz test: a NullPointerException, an ArithmeticException, an OutOfMemoryError from a declared huge size,
 * a StackOverflowError.
 */
public final class ReaderFuzzing {
    private static final Path DIR = createDir();
    /** What CliRun splits lines at. */
    private static final Pattern LINE_BREAK = Pattern.compile("\\R");

    private ReaderFuzzing() {
    }

    /** A reader under test. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(Path file);
    }

    /**
     * Writes {@code bytes} to a file named {@code fileName} (readers may look at the name) and reads it with
     * {@code reader}, accepting its result or a {@link BadInputException} whose message is one non-empty line.
     */
    public static void readsOrRejects(byte[] bytes, String fileName, Reader<?> reader) {
        try {
            read(bytes, fileName, reader);
        } catch (BadInputException e) {
            String message = e.getMessage();
            if (message == null || message.isBlank() || LINE_BREAK.matcher(message).find()) {
                throw new AssertionError("a bad-input message must be one non-empty line, got: " + message, e);
            }
        }
    }

    /** What {@code reader} makes of {@code bytes} written to a file named {@code fileName}. */
    public static <T> T read(byte[] bytes, String fileName, Reader<T> reader) {
        Path file = DIR.resolve(fileName);
        try {
            Files.write(file, bytes);
            return reader.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind
            }
        }
    }

    /**
     * The files directly in {@code testClass}'s seed corpus, {@code <TestClass>Inputs/} beside it in the test
     * resources (Jazzer runs every target of the class on them), by name.
     */
    public static Map<String, byte[]> seeds(Class<?> testClass) {
        URL url = testClass.getResource(testClass.getSimpleName() + "Inputs");
        if (url == null) {
            throw new IllegalStateException("no seed corpus " + testClass.getSimpleName() + "Inputs beside " + testClass);
        }
        Map<String, byte[]> seeds = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                seeds.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return seeds;
    }

    private static Path createDir() {
        try {
            Path dir = Files.createTempDirectory("nndl4j-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
