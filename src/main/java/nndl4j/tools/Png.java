package nndl4j.tools;

import nndl4j.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** PNG files through the JDK's ImageIO, written atomically; drawing runs headless (no display needed). */
public final class Png {
    private Png() {
    }

    /** Makes AWT headless unless the user chose otherwise; call before any drawing. */
    public static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    public static void write(BufferedImage image, Path file) {
        for (Path dir = file.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
                throw new nndl4j.BadInputException("cannot write " + file + ": " + dir + " is a file, not a folder");
            }
        }
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer in this Java runtime");
            }
        });
    }
}
