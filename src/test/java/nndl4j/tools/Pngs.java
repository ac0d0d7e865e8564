package nndl4j.tools;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Decoding written PNGs and checking that they hold a picture. */
public final class Pngs {
    private Pngs() {
    }

    /** Decodes {@code file} with ImageIO, failing if it is not a PNG ImageIO can read. */
    public static BufferedImage read(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            assertNotNull(image, file + " is not an image ImageIO can decode");
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Several distinct colours and a fraction of dark pixels between {@code minDark} and {@code maxDark}. */
    public static void assertNotBlank(BufferedImage image, double minDark, double maxDark) {
        Set<Integer> colours = new HashSet<>();
        long dark = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (luminance(rgb) < 128) {
                    dark++;
                }
            }
        }
        double fraction = (double) dark / ((long) image.getWidth() * image.getHeight());
        assertTrue(colours.size() >= 5, "only " + colours.size() + " colours");
        assertTrue(fraction >= minDark && fraction <= maxDark, "dark pixel fraction " + fraction);
    }

    /** Pixels within {@code tolerance} of {@code colour} in every channel. */
    public static int count(BufferedImage image, Color colour, int tolerance) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                Color c = new Color(image.getRGB(x, y));
                if (Math.abs(c.getRed() - colour.getRed()) <= tolerance && Math.abs(c.getGreen() - colour.getGreen()) <= tolerance
                        && Math.abs(c.getBlue() - colour.getBlue()) <= tolerance) {
                    n++;
                }
            }
        }
        return n;
    }

    static double luminance(int rgb) {
        return 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
    }
}
