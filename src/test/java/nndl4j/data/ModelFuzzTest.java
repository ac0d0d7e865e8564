package nndl4j.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import nndl4j.network.Model;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Coverage-guided fuzzing of the model file reader (docs/TESTING.md, "Fuzz tests"): any bytes read as a model give a
 * network2.py or nndl4j-layers network, or a {@link nndl4j.BadInputException}. It lives with the data readers' fuzz
 * tests so that all fuzz targets are in one place.
 */
class ModelFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void model(byte[] bytes) {
        ReaderFuzzing.readsOrRejects(bytes, "fuzz-model.json", Model::load);
    }

    /** The seeds are valid models of both formats, so that fuzzing starts from every kind of layer. */
    @Test
    void seedsAreValidModels() {
        ReaderFuzzing.seeds(ModelFuzzTest.class).forEach((name, bytes) ->
                assertEquals(2, ReaderFuzzing.read(bytes, name, Model::load).outputSize(), name));
    }
}
