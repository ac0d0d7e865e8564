package nndl4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import nndl4j.AtomicFiles;
import nndl4j.BadInputException;
import nndl4j.network.TrainingHistory;
import nndl4j.tools.TrainingCurves;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-epoch lists of a training run as JSON, with network2.py's names: {@code evaluation_cost},
 * {@code evaluation_accuracy}, {@code training_cost}, {@code training_accuracy} (empty when not monitored),
 * plus the data sizes the accuracies count out of. A cost that is not finite (a saturated output's infinite
 * cross-entropy, NaN) is written as {@code null}, which JSON has for it, and read back as NaN: a gap in the plot.
 */
final class HistoryFile {
    /** How Jackson wrote non-finite doubles by default, before they became null. */
    private static final Set<String> NON_FINITE = Set.of("NaN", "Infinity", "-Infinity");

    private HistoryFile() {
    }

    static void write(Path file, TrainingHistory h, int trainingSize, int evaluationSize) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("evaluation_cost", finiteOrNull(h.evaluationCost()));
        json.put("evaluation_accuracy", h.evaluationAccuracy());
        json.put("training_cost", finiteOrNull(h.trainingCost()));
        json.put("training_accuracy", h.trainingAccuracy());
        json.put("training_size", trainingSize);
        json.put("evaluation_size", evaluationSize);
        json.put("epochs_completed", h.epochsCompleted());
        json.put("ending", h.ending().name().toLowerCase(java.util.Locale.ROOT));
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.write(file, out -> mapper.writeValue(new NonClosing(out), json));
    }

    /**
     * Reads the lists and sizes back from a file {@link #write} wrote; a missing list reads as empty (not
     * monitored), a missing size as 0, a null cost as NaN (as do the strings "NaN", "Infinity" and "-Infinity",
     * which earlier versions wrote).
     */
    static TrainingCurves read(Path file) {
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException("no such file: " + file);
        } catch (AccessDeniedException e) {
            throw new BadInputException("cannot read " + file + ": permission denied");
        } catch (JsonProcessingException e) {
            throw new BadInputException(file + " is not valid JSON: " + e.getOriginalMessage(),
                    "expected a history written by 'nndl4j train --history FILE.json'");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw new BadInputException(file + " is not a training history: expected a JSON object",
                    "expected a history written by 'nndl4j train --history FILE.json'");
        }
        return new TrainingCurves(
                numbers(json, "evaluation_cost", file), integers(json, "evaluation_accuracy", file),
                numbers(json, "training_cost", file), integers(json, "training_accuracy", file),
                size(json, "training_size", file), size(json, "evaluation_size", file));
    }

    /** Costs with null for each one that is not finite. */
    private static List<Double> finiteOrNull(List<Double> costs) {
        List<Double> out = new ArrayList<>(costs.size());
        for (Double c : costs) {
            out.add(Double.isFinite(c) ? c : null);
        }
        return out;
    }

    private static List<Double> numbers(JsonNode json, String key, Path file) {
        List<Double> out = new ArrayList<>();
        for (JsonNode v : list(json, key, file)) {
            if (v.isNull() || v.isTextual() && NON_FINITE.contains(v.textValue())) {
                out.add(Double.NaN);
            } else if (v.isNumber()) {
                out.add(v.doubleValue());
            } else {
                throw new BadInputException(file + ": " + key + " holds " + v + ", not a number or null");
            }
        }
        return out;
    }

    private static List<Integer> integers(JsonNode json, String key, Path file) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode v : list(json, key, file)) {
            if (!v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < 0) {
                throw new BadInputException(file + ": " + key + " holds " + v + ", not a count of correct images");
            }
            out.add(v.intValue());
        }
        return out;
    }

    private static JsonNode list(JsonNode json, String key, Path file) {
        JsonNode v = json.get(key);
        if (v == null || v.isNull()) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        }
        if (!v.isArray()) {
            throw new BadInputException(file + ": " + key + " is " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    + ", not a list");
        }
        return v;
    }

    private static int size(JsonNode json, String key, Path file) {
        JsonNode v = json.get(key);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
            throw new BadInputException(file + ": " + key + " is " + v + ", not a number of images");
        }
        return v.intValue();
    }

    /** Jackson closes the stream it writes; AtomicFiles closes it itself. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void close() throws java.io.IOException {
            flush();
        }
    }
}
