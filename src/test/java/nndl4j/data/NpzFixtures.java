package nndl4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The npz fixtures that scripts/make_npz_fixtures.py writes with numpy, and mnist-fixture.json, what numpy reads back
 * from them: the oracle.
 */
public final class NpzFixtures {
    private NpzFixtures() {
    }

    public static Path file(String name) {
        try {
            return Path.of(NpzFixtures.class.getResource("/nndl4j/data/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode oracle() {
        try {
            return new ObjectMapper().readTree(file("mnist-fixture.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that sample j of {@code data} is image {@code indices[j]} of the oracle's part ("train" or "test"). */
    static void assertImages(JsonNode part, int[] indices, Dataset data) {
        assertEquals(indices.length, data.size());
        for (int j = 0; j < indices.length; j++) {
            int i = indices[j];
            assertEquals(part.get("labels").get(i).asInt(), data.label(j), "label of image " + i);
            long sum = 0;
            for (float pixel : data.input(j)) {
                sum += Math.round(pixel * 255);
            }
            assertEquals(part.get("sums").get(i).asLong(), sum, "pixel sum of image " + i);
        }
        for (JsonNode pixel : part.get("pixels")) {
            int i = pixel.get(0).asInt();
            for (int j = 0; j < indices.length; j++) {
                if (indices[j] == i) {
                    assertEquals(pixel.get(2).asInt() / 255f, data.input(j)[pixel.get(1).asInt()], "pixel " + pixel);
                }
            }
        }
    }

    static int[] all(JsonNode part) {
        return java.util.stream.IntStream.range(0, part.get("count").asInt()).toArray();
    }
}
