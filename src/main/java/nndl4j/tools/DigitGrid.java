package nndl4j.tools;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Digits drawn as a grid of captioned tiles (like the book's figures of MNIST digits): dark ink on white, each
 * pixel a {@value #SCALE}×{@value #SCALE} square of grey 255 − 255·v, up to {@value #COLUMNS} tiles a row, title
 * lines on top. The geometry is fixed (it does not depend on fonts), so that a tile can be found by its number.
 */
final class DigitGrid {
    public static final int SCALE = 2;
    public static final int COLUMNS = 10;
    public static final int PAD = 6;
    /** Space for a caption under a digit. */
    public static final int CAPTION_HEIGHT = 18;
    /** Height of one title line. */
    public static final int TITLE_LINE_HEIGHT = 18;
    /** Tile width beyond the digit's, for captions wider than the digit. */
    private static final int TILE_MARGIN = 14;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Font CAPTION_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    /** Captions of misclassified digits: the network's guess. */
    public static final Color WRONG = new Color(0xC0, 0x20, 0x20);

    private DigitGrid() {
    }

    /**
     * One digit: {@code pixels} row-major in [0, 1] (0 white, 1 black), and its caption, the first
     * {@code highlighted} characters of which in {@link #WRONG}'s colour.
     */
    public record Tile(float[] pixels, String caption, int highlighted) {
        public Tile(float[] pixels, String caption) {
            this(pixels, caption, 0);
        }
    }

    /** Where things are in a grid of {@code tiles} digits of rows×cols pixels under {@code titleLines} lines. */
    public record Layout(int tiles, int rows, int cols, int titleLines) {
        public int columns() {
            return Math.max(1, Math.min(COLUMNS, tiles));
        }

        public int gridRows() {
            return (tiles + columns() - 1) / columns();
        }

        public int tileWidth() {
            return cols * SCALE + TILE_MARGIN;
        }

        public int tileHeight() {
            return rows * SCALE + CAPTION_HEIGHT;
        }

        public int top() {
            return PAD + titleLines * TITLE_LINE_HEIGHT + PAD;
        }

        /** Width of the grid; the picture is wider where a title line needs it. */
        public int gridWidth() {
            return 2 * PAD + columns() * tileWidth();
        }

        public int height() {
            return top() + gridRows() * tileHeight() + PAD;
        }

        /** Left edge of tile i's digit: pixel (r, c) of the digit covers x + c·SCALE .. + SCALE − 1. */
        public int digitX(int i) {
            return PAD + (i % columns()) * tileWidth() + TILE_MARGIN / 2;
        }

        /** Top edge of tile i's digit. */
        public int digitY(int i) {
            return top() + (i / columns()) * tileHeight();
        }
    }

    /** Draws {@code tiles} of {@code rows}×{@code cols} pixels under {@code title} (lines split at '\n'). */
    public static BufferedImage render(String title, List<Tile> tiles, int rows, int cols) {
        Png.headless();
        String[] titleLines = title.split("\n");
        Layout layout = new Layout(tiles.size(), rows, cols, titleLines.length);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics titleMetrics = pg.getFontMetrics(TITLE_FONT);
        FontMetrics captionMetrics = pg.getFontMetrics(CAPTION_FONT);
        int titleWidth = 0;
        for (String line : titleLines) {
            titleWidth = Math.max(titleWidth, titleMetrics.stringWidth(line));
        }
        pg.dispose();
        int width = Math.max(layout.gridWidth(), titleWidth + 2 * PAD);
        int height = layout.height();

        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(TITLE_FONT);
        for (int i = 0; i < titleLines.length; i++) {
            g.drawString(titleLines[i], PAD, PAD + i * TITLE_LINE_HEIGHT + titleMetrics.getAscent());
        }
        g.setFont(CAPTION_FONT);
        for (int i = 0; i < tiles.size(); i++) {
            Tile t = tiles.get(i);
            int dx = layout.digitX(i);
            int dy = layout.digitY(i);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    float v = Math.max(0f, Math.min(1f, t.pixels()[r * cols + c]));
                    int grey = Math.round(255 * (1 - v));
                    if (grey != 255) {
                        g.setColor(new Color(grey, grey, grey));
                        g.fillRect(dx + c * SCALE, dy + r * SCALE, SCALE, SCALE);
                    }
                }
            }
            int textX = dx + (cols * SCALE - captionMetrics.stringWidth(t.caption())) / 2;
            int textY = dy + rows * SCALE + 2 + captionMetrics.getAscent();
            String head = t.caption().substring(0, t.highlighted());
            String rest = t.caption().substring(t.highlighted());
            g.setColor(WRONG);
            g.drawString(head, textX, textY);
            g.setColor(Color.BLACK);
            g.drawString(rest, textX + captionMetrics.stringWidth(head), textY);
        }
        g.dispose();
        return image;
    }
}
