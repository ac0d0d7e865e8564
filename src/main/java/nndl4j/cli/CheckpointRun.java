package nndl4j.cli;

import nndl4j.BadInputException;
import nndl4j.network.LayeredNetwork;
import nndl4j.network.Model;
import nndl4j.network.SgdOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The checkpoints of one {@code train} run: the checkpoint it resumes ({@code --resume DIR}) and the directory it
 * writes to ({@code --checkpoint DIR}, else the resumed one), every {@code --checkpoint-every} epochs and when it stops.
 */
final class CheckpointRun {
    private final Path directory;
    private final int every;
    private final Checkpoint resumed;
    private Map<String, String> options;

    private CheckpointRun(Path directory, int every, Checkpoint resumed) {
        this.directory = directory;
        this.every = every;
        this.resumed = resumed;
    }

    /**
     * Reads the checkpoint to resume and checks the directory to write before anything is loaded: it is created if
     * missing, must be writable, and must not hold another run's checkpoint.
     */
    static CheckpointRun of(Path checkpoint, Path resume, Integer every) {
        if (every != null && every < 1) {
            throw new BadInputException("invalid --checkpoint-every " + every + ": must be ≥ 1 epoch");
        }
        if (every != null && checkpoint == null && resume == null) {
            throw new BadInputException("--checkpoint-every needs --checkpoint DIR (or --resume DIR)");
        }
        Checkpoint resumed = resume == null ? null : Checkpoint.read(resume);
        Path directory = checkpoint != null ? checkpoint : resume;
        if (directory != null) {
            refuseAnotherRunsCheckpoint(directory, resume);
        }
        return new CheckpointRun(directory, every == null ? 1 : every, resumed);
    }

    /**
     * Refuses a folder that holds another run's checkpoint. Whether the folder can be written was checked with the
     * other outputs ({@link OutputPaths}); it is created by the first checkpoint, so a run that fails before one
     * leaves nothing behind.
     */
    private static void refuseAnotherRunsCheckpoint(Path directory, Path resume) {
        try {
            if (Files.exists(directory.resolve(Checkpoint.STATE_FILE))
                    && (resume == null || !Files.isSameFile(directory, resume))) {
                throw new BadInputException(directory + " already holds a checkpoint of another run",
                        "continue it with --resume " + directory + ", or give a new or empty --checkpoint DIR");
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read " + directory + ": " + e.getMessage());
        }
    }

    /** The run's seed: the one given, else the resumed checkpoint's, else a random one. */
    long seed(Long given) {
        return given != null ? given : resumed != null ? resumed.seed() : new java.util.Random().nextLong();
    }

    boolean writes() {
        return directory != null;
    }

    /**
     * The network to train: {@code built} from the command line in a fresh run; when resuming, the checkpoint's model
     * (with the checkpoint's seed for its dropout masks), once the options and data fingerprints in {@code options}
     * ({@link Checkpoint#fingerprint}) match the checkpoint's. {@code epochs} may be more than the checkpoint was made
     * with, not fewer than it has done.
     */
    <M extends Model> M start(M built, Supplier<Map<String, String>> options, int epochs) {
        if (directory == null) {
            return built; // neither resuming nor writing: no need to fingerprint the data
        }
        this.options = options.get();
        if (resumed == null) {
            return built;
        }
        List<String> differences = resumed.differences(this.options);
        if (!differences.isEmpty()) {
            throw new BadInputException("the checkpoint in " + resumed.dir() + " was made " + String.join("; ", differences),
                    "resume it with the options and data it was made with (--epochs may be raised)");
        }
        if (epochs < resumed.state().epoch()) {
            throw new BadInputException("the checkpoint in " + resumed.dir() + " has done " + resumed.state().epoch()
                    + " epochs, more than --epochs " + epochs);
        }
        Model model = resumed.loadModel();
        if (model.getClass() != built.getClass()) {
            throw new BadInputException("the checkpoint in " + resumed.dir() + " holds another kind of network than "
                    + built.describe());
        }
        if (model instanceof LayeredNetwork layered) {
            layered.seedTraining(resumed.seed());
        }
        System.out.println("resuming the checkpoint in " + resumed.dir() + " at epoch " + resumed.state().epoch()
                + (resumed.state().miniBatchesDone() > 0 ? ", mini-batch " + resumed.state().miniBatchesDone() : ""));
        @SuppressWarnings("unchecked")
        M same = (M) model;
        return same;
    }

    /**
     * {@code sgd} resuming the checkpoint (if any) and writing checkpoints of {@code net} (if asked), each write one
     * that {@code interrupts} lets finish.
     */
    SgdOptions apply(SgdOptions sgd, Model net, long seed, Interrupts interrupts) {
        SgdOptions resuming = sgd.resumeFrom(resumed == null ? null : resumed.state());
        if (directory == null) {
            return resuming;
        }
        return resuming.checkpoints(every, state -> interrupts.saving("checkpoint written to " + directory, true,
                () -> Checkpoint.write(directory, net, state, seed, options)));
    }

    Path directory() {
        return directory;
    }
}
