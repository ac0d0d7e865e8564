package nndl4j.cli;

import nndl4j.BadInputException;
import nndl4j.data.DataSpec;
import nndl4j.data.LabeledImages;
import nndl4j.network.Model;
import nndl4j.tools.DigitPictures;
import nndl4j.tools.Png;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code nndl4j show}: digits as a PNG grid, with their labels or as a model's mistakes. */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draw digits as a PNG grid: with their labels, or a model's mistakes.",
                "  show --images SPEC --out FILE.png: the first images, each with its label;",
                "  show --model MODEL.json --test SPEC --misclassified --out FILE.png: the test images the model gets "
                        + "wrong, each captioned 'predicted (true)'."})
final class ShowCommand implements Runnable {

    @Option(names = "--images", paramLabel = "SPEC", description = "Images to draw: an IDX file or an npz part (mnist.npz:test), optionally sliced like SPEC[a:b].")
    String images;

    @Option(names = "--model", paramLabel = "MODEL.json", description = "A saved model, for --misclassified.")
    Path model;

    @Option(names = "--test", paramLabel = "SPEC", description = "Test images for --misclassified (an IDX file or an npz part, optionally sliced).")
    String test;

    @Option(names = "--misclassified", description = "Draw the test images the model classifies wrong.")
    boolean misclassified;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "The picture to write.")
    Path out;

    @Option(names = "--count", defaultValue = "100", paramLabel = "N",
            description = "Draw at most N digits, in data order (default: ${DEFAULT-VALUE}).")
    int count;

    @Override
    public void run() {
        if (count < 1) {
            throw new BadInputException("--count must be at least 1, got " + count);
        }
        boolean modelMode = model != null || test != null || misclassified;
        if (images != null && modelMode) {
            throw new BadInputException("--images does not go with --model, --test or --misclassified",
                    "see 'nndl4j show --help'");
        }
        new OutputPaths().dataInputs("--images", images).input("--model", model).dataInputs("--test", test)
                .file("--out", out).check();
        if (images != null) {
            LabeledImages data = DataSpec.loadImages(images);
            Png.write(DigitPictures.labelled(data, count, shortName(images)), out);
            System.out.printf("%d digits drawn to %s%n", Math.min(count, data.count()), out);
            return;
        }
        if (model == null || test == null || !misclassified) {
            throw new BadInputException("nothing to show",
                    "give --images SPEC, or --model MODEL.json --test SPEC --misclassified");
        }
        Model net = Model.load(model);
        LabeledImages data = DataSpec.loadImages(test);
        DigitPictures.MisclassifiedPicture picture = DigitPictures.misclassified(net, data, count,
                String.valueOf(model.getFileName()), shortName(test));
        Png.write(picture.image(), out);
        System.out.printf("%d of %d test images misclassified; %d drawn to %s%n", picture.misses().size(),
                picture.tested(), picture.shown().size(), out);
    }

    /** A spec without its folders, for titles: ".../t10k-images-idx3-ubyte.gz[8000:]" → "t10k-images-idx3-ubyte.gz[8000:]". */
    static String shortName(String spec) {
        int slash = Math.max(spec.lastIndexOf('/'), spec.lastIndexOf(java.io.File.separatorChar));
        return spec.substring(slash + 1);
    }
}
