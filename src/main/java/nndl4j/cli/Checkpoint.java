package nndl4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import nndl4j.AtomicFiles;
import nndl4j.BadInputException;
import nndl4j.data.Dataset;
import nndl4j.network.Model;
import nndl4j.network.TrainingHistory;
import nndl4j.network.TrainingState;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.zip.CRC32C;

/**
 * A checkpoint of {@code nndl4j train}: a directory with the model (the usual model JSON, named by its hash:
 * {@code model-<sha256 prefix>.json}) and {@code state.json}: the format and version, the {@link TrainingState} (epoch,
 * mini-batch, the shuffling generator, the history, the best-so-far values), the run's seed, the options that decide
 * the training, and a fingerprint of each data set (its size and a CRC-32C of its contents).
 *
 * <p>Writing: the model goes to a new file first, then {@code state.json} replaces the old one atomically, naming the
 * new model and its SHA-256; only then is the old model removed. A run killed at any point leaves a complete checkpoint,
 * the previous or the new one; a model file that does not match its state (edited or damaged since) is refused.
 */
record Checkpoint(Path dir, long seed, TrainingState state, Map<String, String> options, Path model) {
    static final String STATE_FILE = "state.json";
    private static final String FORMAT = "nndl4j-checkpoint";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The model file of the model's bytes: named by their hash, so that a new model never overwrites the one in use. */
    private static Path modelFile(Path dir, String sha256) {
        return dir.resolve("model-" + sha256.substring(0, 16) + ".json");
    }

    /**
     * Writes a checkpoint of {@code net} at {@code state} to {@code dir}. {@code options} are the options and data
     * fingerprints ({@link #fingerprint}) a resumed run must match.
     */
    static void write(Path dir, Model net, TrainingState state, long seed, Map<String, String> options) {
        Path pending = dir.resolve("model.pending.json");
        net.save(pending);
        String sha256;
        Path model;
        try {
            sha256 = sha256(Files.readAllBytes(pending));
            model = modelFile(dir, sha256);
            try {
                Files.move(pending, model, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(pending, model, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new BadInputException("cannot write the checkpoint in " + dir + ": " + e.getMessage(), null, e);
        }
        ObjectNode json = JSON.createObjectNode();
        json.put("format", FORMAT);
        json.put("version", VERSION);
        json.put("model", model.getFileName().toString());
        json.put("model_sha256", sha256);
        json.put("seed", seed);
        json.put("epoch", state.epoch());
        json.put("mini_batch", state.miniBatchesDone());
        json.put("shuffles", Base64.getEncoder().encodeToString(state.shuffles()));
        TrainingHistory h = state.history();
        ObjectNode history = json.putObject("history");
        h.evaluationCost().forEach(history.putArray("evaluation_cost")::add);
        h.evaluationAccuracy().forEach(history.putArray("evaluation_accuracy")::add);
        h.trainingCost().forEach(history.putArray("training_cost")::add);
        h.trainingAccuracy().forEach(history.putArray("training_accuracy")::add);
        history.put("ending", h.ending().name().toLowerCase(Locale.ROOT));
        ObjectNode early = json.putObject("early_stopping");
        early.put("best_accuracy", state.earlyStopping().bestAccuracy());
        early.put("epochs_without_improvement", state.earlyStopping().epochsWithoutImprovement());
        ObjectNode best = json.putObject("best_validation");
        best.put("accuracy", state.bestValidation().accuracy());
        best.put("iteration", state.bestValidation().iteration());
        best.put("test_accuracy", state.bestValidation().testAccuracy());
        ObjectNode given = json.putObject("options");
        options.forEach(given::put);
        AtomicFiles.write(dir.resolve(STATE_FILE), out -> out.write(JSON.writeValueAsBytes(json)));
        removeOldModels(dir, model);
    }

    /** The model files of earlier checkpoints, now that the state names the new one (best effort: they are inert). */
    private static void removeOldModels(Path dir, Path keep) {
        try (DirectoryStream<Path> models = Files.newDirectoryStream(dir, "model-*.json")) {
            for (Path old : models) {
                if (!old.getFileName().equals(keep.getFileName())) {
                    Files.deleteIfExists(old);
                }
            }
        } catch (IOException ignored) {
            // a stale model file is only clutter: the state names the one in use
        }
    }

    /** Reads the checkpoint in {@code dir}; a missing, corrupt or torn one is a {@link BadInputException}. */
    static Checkpoint read(Path dir) {
        Path stateFile = dir.resolve(STATE_FILE);
        JsonNode json;
        try {
            json = JSON.readTree(Files.readAllBytes(stateFile));
        } catch (NoSuchFileException e) {
            throw new BadInputException("no checkpoint in " + dir + ": " + (Files.isDirectory(dir) ? "it has no " + STATE_FILE
                    : "no such directory"), "give the directory of an earlier 'train --checkpoint DIR'");
        } catch (JsonProcessingException e) {
            throw corrupt(dir, STATE_FILE + " is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new BadInputException("cannot read the checkpoint in " + dir + ": " + e.getMessage());
        }
        Fields f = new Fields(dir, json);
        if (!FORMAT.equals(f.text("format")) || f.integer("version") != VERSION) {
            throw corrupt(dir, STATE_FILE + " is not a version " + VERSION + " " + FORMAT);
        }
        if (!f.text("model").matches("model-[0-9a-f]{16}\\.json")) {
            throw corrupt(dir, STATE_FILE + " names the model '" + f.text("model") + "', not a model-HASH.json of the checkpoint");
        }
        Path model = dir.resolve(f.text("model"));
        try {
            if (!sha256(Files.readAllBytes(model)).equals(f.text("model_sha256"))) {
                throw corrupt(dir, model.getFileName() + " does not match the hash in " + STATE_FILE + " (damaged or edited since)");
            }
        } catch (NoSuchFileException e) {
            throw corrupt(dir, STATE_FILE + " names " + model.getFileName() + ", which is missing");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + model + ": " + e.getMessage());
        }
        Fields h = f.object("history");
        TrainingHistory history = new TrainingHistory(h.list("evaluation_cost", JsonNode::doubleValue),
                h.list("evaluation_accuracy", JsonNode::intValue), h.list("training_cost", JsonNode::doubleValue),
                h.list("training_accuracy", JsonNode::intValue), f.integer("epoch"), h.ending("ending"));
        Fields early = f.object("early_stopping");
        Fields best = f.object("best_validation");
        byte[] shuffles;
        try {
            shuffles = Base64.getDecoder().decode(f.text("shuffles"));
        } catch (IllegalArgumentException e) {
            throw corrupt(dir, "its shuffles are not base64");
        }
        TrainingState state;
        try {
            state = new TrainingState(history, f.integer("mini_batch"), shuffles,
                    new TrainingState.EarlyStopping(early.integer("best_accuracy"), early.integer("epochs_without_improvement")),
                    new TrainingState.BestValidation(best.number("accuracy"), best.json.path("iteration").asLong(-1),
                            best.json.path("test_accuracy").isNumber() ? best.number("test_accuracy") : null));
        } catch (BadInputException e) {
            throw corrupt(dir, e.getMessage());
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = f.object("options").json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> option = it.next();
            options.put(option.getKey(), option.getValue().asText());
        }
        return new Checkpoint(dir, f.json.path("seed").asLong(), state, options, model);
    }

    Model loadModel() {
        return Model.load(model);
    }

    /**
     * What differs between this checkpoint's options and data and {@code current}'s, one phrase each ("with --eta
     * 3.0, not with --eta 0.5"); empty when it may be resumed.
     */
    List<String> differences(Map<String, String> current) {
        if (!java.util.Objects.equals(options.get("mode"), current.get("mode"))) {
            return List.of(phrase("mode", options.get("mode")) + ", not " + phrase("mode", current.get("mode")));
        }
        Set<String> keys = new LinkedHashSet<>(options.keySet());
        keys.addAll(current.keySet());
        List<String> out = new ArrayList<>();
        for (String key : keys) {
            String then = phrase(key, options.get(key)), now = phrase(key, current.get(key));
            if (!then.equals(now)) {
                out.add(then + ", not " + now);
            }
        }
        return out;
    }

    /** An option as the command line has it ("with --eta 3.0", "without --no-shuffle", "in layered mode", "with training data of ..."). */
    private static String phrase(String key, String value) {
        if (key.equals("mode")) {
            return "in " + value + " mode";
        }
        if (value == null || value.equals("false") || value.equals("(none)")) {
            return "without " + key;
        }
        return "with " + key + (value.equals("true") ? "" : key.endsWith(" data") ? " of " + value : " " + value);
    }

    /** A data set's fingerprint for {@link #differences}: its size and a CRC-32C of its inputs and targets. */
    static String fingerprint(Dataset data) {
        CRC32C crc = new CRC32C();
        ByteBuffer bytes = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] values : new float[][] {data.inputs(), data.targets()}) {
            for (int at = 0; at < values.length; ) {
                int n = Math.min(values.length - at, bytes.capacity() / Float.BYTES);
                bytes.clear();
                bytes.asFloatBuffer().put(values, at, n);
                bytes.limit(n * Float.BYTES);
                crc.update(bytes);
                at += n;
            }
        }
        return String.format(Locale.ROOT, "%d samples (CRC-32C %08x)", data.size(), crc.getValue());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    private static BadInputException corrupt(Path dir, String why) {
        return new BadInputException("the checkpoint in " + dir + " is corrupt: " + why,
                "resume from another checkpoint, or start the run again with a new --checkpoint DIR");
    }

    /** The fields of state.json, each missing or mistyped one a corrupt checkpoint. */
    private record Fields(Path dir, JsonNode json) {
        private JsonNode field(String name) {
            JsonNode v = json == null ? null : json.get(name);
            if (v == null || v.isNull()) {
                throw corrupt(dir, STATE_FILE + " lacks '" + name + "'");
            }
            return v;
        }

        /** Field {@code name}, which must pass {@code is}; else corrupt, it "is not {@code what}". */
        private JsonNode field(String name, Predicate<JsonNode> is, String what) {
            JsonNode v = field(name);
            if (!is.test(v)) {
                throw corrupt(dir, STATE_FILE + ": '" + name + "' is not " + what);
            }
            return v;
        }

        String text(String name) {
            return field(name, JsonNode::isTextual, "text").textValue();
        }

        int integer(String name) {
            return field(name, v -> v.isIntegralNumber() && v.canConvertToInt(), "a whole number").intValue();
        }

        double number(String name) {
            return field(name, JsonNode::isNumber, "a number").doubleValue();
        }

        Fields object(String name) {
            return new Fields(dir, field(name, JsonNode::isObject, "an object"));
        }

        <T> List<T> list(String name, Function<JsonNode, T> value) {
            List<T> out = new ArrayList<>();
            for (JsonNode item : field(name, JsonNode::isArray, "a list")) {
                if (!item.isNumber()) {
                    throw corrupt(dir, STATE_FILE + ": '" + name + "' holds " + item + ", not a number");
                }
                out.add(value.apply(item));
            }
            return out;
        }

        TrainingHistory.Ending ending(String name) {
            try {
                return TrainingHistory.Ending.valueOf(text(name).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw corrupt(dir, STATE_FILE + ": '" + name + "' is not completed, early_stopped or interrupted");
            }
        }
    }
}
