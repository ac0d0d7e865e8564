package nndl4j;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The README's Java code is the examples project's code (examples/, which CI compiles and runs against the installed
 * artifact): every {@code ```java} block of README.md is, character for character, one file of
 * examples/src/main/java, and every such file is shown. The examples depend on the version this build installs.
 */
class ReadmeExamplesTest {
    private static final Path README = Path.of("README.md");
    private static final Path EXAMPLES = Path.of("examples", "src", "main", "java");
    private static final Pattern JAVA_BLOCK = Pattern.compile("^```java\\n(.*?)^```$", Pattern.DOTALL | Pattern.MULTILINE);

    static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private static Map<String, String> exampleFiles() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(EXAMPLES)) {
            for (Path p : paths.filter(p -> p.toString().endsWith(".java")).toList()) {
                files.put(EXAMPLES.relativize(p).toString(), Files.readString(p));
            }
        }
        return files;
    }

    @Test
    void everyJavaBlockOfTheReadmeIsAnExampleFileAndEveryExampleIsShown() throws IOException {
        List<String> blocks = javaBlocks(Files.readString(README));
        Map<String, String> files = exampleFiles();
        assertFalse(files.isEmpty(), "no examples in " + EXAMPLES.toAbsolutePath());
        TreeSet<String> shown = new TreeSet<>();
        for (String block : blocks) {
            String file = files.entrySet().stream().filter(e -> e.getValue().equals(block)).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
            if (file == null) {
                fail("this java block of README.md is no file of " + EXAMPLES + " (copy the file's text into the README):\n"
                        + block.lines().limit(12).reduce((a, b) -> a + "\n" + b).orElse(""));
            }
            assertTrue(shown.add(file), file + " is shown twice");
        }
        assertEquals(files.keySet(), shown, "every example is shown in README.md once");
    }

    @Test
    void aChangedLineIsFound() {
        String example = "public class A {\n    int x = 1;\n}\n";
        List<String> blocks = javaBlocks("text\n```java\n" + example.replace("1", "2") + "```\nmore\n```java\n" + example + "```\n");
        assertEquals(2, blocks.size());
        assertFalse(blocks.get(0).equals(example));
        assertEquals(example, blocks.get(1));
    }

    @Test
    void theExamplesDependOnTheVersionThisBuildInstalls() throws IOException {
        Matcher own = Pattern.compile("<artifactId>nndl4j</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        Matcher used = Pattern.compile("<nndl4j.version>([^<]+)</nndl4j.version>")
                .matcher(Files.readString(Path.of("examples", "pom.xml")));
        assertTrue(own.find() && used.find(), "versions not found in pom.xml and examples/pom.xml");
        assertEquals(own.group(1), used.group(1), "examples/pom.xml's nndl4j.version");
    }
}
