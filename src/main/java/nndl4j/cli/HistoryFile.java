package nndl4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import nndl4j.AtomicFiles;
import nndl4j.network.TrainingHistory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-epoch lists of a training run as JSON, with network2.py's names: {@code evaluation_cost},
 * {@code evaluation_accuracy}, {@code training_cost}, {@code training_accuracy} (empty when not monitored),
 * plus the data sizes the accuracies count out of.
 */
final class HistoryFile {
    private HistoryFile() {
    }

    static void write(Path file, TrainingHistory h, int trainingSize, int evaluationSize) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("evaluation_cost", h.evaluationCost());
        json.put("evaluation_accuracy", h.evaluationAccuracy());
        json.put("training_cost", h.trainingCost());
        json.put("training_accuracy", h.trainingAccuracy());
        json.put("training_size", trainingSize);
        json.put("evaluation_size", evaluationSize);
        json.put("epochs_completed", h.epochsCompleted());
        json.put("ending", h.ending().name().toLowerCase(java.util.Locale.ROOT));
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.write(file, out -> mapper.writeValue(new NonClosing(out), json));
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
