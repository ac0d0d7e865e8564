package nndl4j.cli;

import nndl4j.data.DataSpec;
import nndl4j.data.LabeledImages;
import nndl4j.tools.Expansion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code nndl4j expand}: the book's expand_mnist.py. */
@Command(name = "expand", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Expand training data as the book's expand_mnist.py: every image, then its copies shifted by one pixel "
                        + "down, up, right and left (the vacated row or column 0), labels kept: N images become 5N.",
                "Order: image by image, each original followed by its four shifted copies (the book then shuffles the "
                        + "whole list; train shuffles every epoch anyway).",
                "Writes DIR/" + Expansion.IMAGES_FILE + " and DIR/" + Expansion.LABELS_FILE
                        + ", so '--train DIR/" + Expansion.IMAGES_FILE + "' trains on them."})
final class ExpandCommand implements Runnable {

    @Option(names = "--train", required = true, paramLabel = "SPEC",
            description = "Images to expand: an IDX file with its labels beside it or an npz part (mnist.npz:train), optionally sliced like SPEC[a:b].")
    String train;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the expanded files (created if absent).")
    Path out;

    @Override
    public void run() {
        new OutputPaths().dataInputs("--train", train).directory("--out", out)
                .file("--out", out.resolve(Expansion.IMAGES_FILE)).file("--out", out.resolve(Expansion.LABELS_FILE))
                .check();
        LabeledImages data = DataSpec.loadImages(train);
        long start = System.nanoTime();
        Expansion.Result r = Expansion.expand(data, out);
        System.out.printf("expanded %d images to %d in %.1f s: %s and %s%n", r.originals(), r.written(),
                (System.nanoTime() - start) / 1e9, r.images(), r.labels());
    }
}
