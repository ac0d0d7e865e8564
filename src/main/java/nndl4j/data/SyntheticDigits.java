package nndl4j.data;

import java.util.SplittableRandom;

/**
 * Procedurally drawn 28×28 digits for runs without MNIST: each digit is a few pen strokes (lines, arcs and curves in
 * a 2×2 unit box), bent by a random smooth wobble, slanted, rotated, scaled, shifted, drawn with a random pen width
 * and anti-aliased into [0,1], with some pixel noise. Classes are distinct but far from identical, so networks learn
 * them the way they learn MNIST, only more easily. The same count and seed always give the same digits.
 */
public final class SyntheticDigits {
    public static final int SIDE = 28;
    private static final int PIXELS = SIDE * SIDE;
    /** Pixels per template unit: a digit 2 units tall spans about 17 pixels, near MNIST's 20×20 box. */
    private static final double UNIT = 8.5;
    private static final double CENTER = SIDE / 2.0;

    /** STROKES[digit] = that digit's strokes, each a polyline {x0, y0, x1, y1, ...} with y pointing down. */
    private static final double[][][] STROKES = {
            {arc(0, 0, 0.55, 0.9, 0, 360)},
            {line(-0.3, -0.6, 0.1, -0.9, 0.1, 0.9)},
            {arc(0, -0.4, 0.5, 0.5, -160, 40), line(0.383, -0.079, -0.6, 0.9, 0.6, 0.9)},
            {arc(0, -0.45, 0.45, 0.45, -150, 90), arc(0, 0.45, 0.45, 0.45, -90, 150)},
            {line(0.3, -0.9, -0.6, 0.35, 0.65, 0.35), line(0.3, -0.9, 0.3, 0.9)},
            {line(0.55, -0.9, -0.35, -0.9, -0.39, -0.04), arc(0, 0.35, 0.55, 0.55, -135, 140)},
            {curve(0.4, -0.9, -0.55, -0.55, -0.5, 0.4), arc(0, 0.4, 0.5, 0.5, 0, 360)},
            {line(-0.6, -0.9, 0.6, -0.9, -0.1, 0.9)},
            {arc(0, -0.5, 0.4, 0.4, 0, 360), arc(0, 0.42, 0.5, 0.48, 0, 360)},
            {arc(0, -0.4, 0.45, 0.45, 0, 360), curve(0.45, -0.4, 0.5, 0.4, 0.15, 0.9)},
    };

    private SyntheticDigits() {
    }

    /** {@code count} digits with random labels 0-9, one-hot targets and 784 pixels each (row-major 28×28). */
    public static Dataset generate(int count, long seed) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] pixels = new float[Math.multiplyExact(count, PIXELS)];
        int[] labels = new int[count];
        for (int j = 0; j < count; j++) {
            labels[j] = random.nextInt(Digits.CLASSES);
            draw(STROKES[labels[j]], random, pixels, j * PIXELS);
        }
        return Digits.dataset(pixels, PIXELS, labels);
    }

    private static void draw(double[][] strokes, SplittableRandom random, float[] out, int offset) {
        double angle = clamp(random.nextGaussian() * 0.12, -0.3, 0.3);
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double scale = UNIT * random.nextDouble(0.85, 1.1);
        double scaleX = scale * random.nextDouble(0.75, 1.1);
        double slant = random.nextDouble(-0.3, 0.3);
        double centerX = CENTER + clamp(random.nextGaussian(), -2.5, 2.5);
        double centerY = CENTER + clamp(random.nextGaussian(), -2.5, 2.5);
        // A smooth wobble moves every control point a little, as a hand does, without breaking strokes apart.
        double wobbleX = random.nextDouble(0.1);
        double wobbleY = random.nextDouble(0.1);
        double frequencyX = random.nextDouble(1.5, 3.5);
        double frequencyY = random.nextDouble(1.5, 3.5);
        double phaseX = random.nextDouble(2 * Math.PI);
        double phaseY = random.nextDouble(2 * Math.PI);
        double penRadius = random.nextDouble(0.7, 1.5);
        double ink = random.nextDouble(0.85, 1.0);

        for (double[] stroke : strokes) {
            // Each stroke is also placed a little off, so joints do not always meet exactly.
            double strokeX = random.nextGaussian() * 0.04;
            double strokeY = random.nextGaussian() * 0.04;
            double[] points = new double[stroke.length];
            for (int p = 0; p < stroke.length; p += 2) {
                double x = stroke[p] + strokeX + wobbleX * Math.sin(frequencyX * stroke[p + 1] + phaseX);
                double y = stroke[p + 1] + strokeY + wobbleY * Math.sin(frequencyY * stroke[p] + phaseY);
                x += slant * y;
                points[p] = centerX + cos * scaleX * x - sin * scale * y;
                points[p + 1] = centerY + sin * scaleX * x + cos * scale * y;
            }
            for (int p = 0; p + 3 < points.length; p += 2) {
                drawSegment(points[p], points[p + 1], points[p + 2], points[p + 3], penRadius, ink, out, offset);
            }
        }
        for (int i = offset; i < offset + PIXELS; i++) {
            if (out[i] > 0) {
                out[i] *= (float) (1 - 0.2 * random.nextDouble());
            } else if (random.nextDouble() < 0.01) {
                out[i] = (float) random.nextDouble(0.5);
            }
        }
    }

    /** Anti-aliased pen: a pixel's coverage falls off linearly over one pixel at the pen's edge. */
    private static void drawSegment(double ax, double ay, double bx, double by, double radius, double ink,
                                    float[] out, int offset) {
        double reach = radius + 0.5;
        int x0 = Math.max(0, (int) Math.floor(Math.min(ax, bx) - reach));
        int x1 = Math.min(SIDE - 1, (int) Math.ceil(Math.max(ax, bx) + reach));
        int y0 = Math.max(0, (int) Math.floor(Math.min(ay, by) - reach));
        int y1 = Math.min(SIDE - 1, (int) Math.ceil(Math.max(ay, by) + reach));
        double dx = bx - ax;
        double dy = by - ay;
        double lengthSquared = dx * dx + dy * dy;
        for (int row = y0; row <= y1; row++) {
            for (int col = x0; col <= x1; col++) {
                double px = col + 0.5 - ax;
                double py = row + 0.5 - ay;
                double t = lengthSquared == 0 ? 0 : clamp((px * dx + py * dy) / lengthSquared, 0, 1);
                double ex = px - t * dx;
                double ey = py - t * dy;
                double distance = Math.sqrt(ex * ex + ey * ey);
                float value = (float) (clamp(reach - distance, 0, 1) * ink);
                int i = offset + row * SIDE + col;
                if (value > out[i]) {
                    out[i] = value;
                }
            }
        }
    }

    /** A polyline through the given points, split into short pieces so that the wobble can bend it. */
    private static double[] line(double... xy) {
        int pieces = 6;
        int segments = xy.length / 2 - 1;
        double[] out = new double[(segments * pieces + 1) * 2];
        for (int s = 0; s < segments; s++) {
            for (int k = 0; k < pieces; k++) {
                double t = (double) k / pieces;
                int at = (s * pieces + k) * 2;
                out[at] = xy[2 * s] + t * (xy[2 * s + 2] - xy[2 * s]);
                out[at + 1] = xy[2 * s + 1] + t * (xy[2 * s + 3] - xy[2 * s + 1]);
            }
        }
        out[out.length - 2] = xy[xy.length - 2];
        out[out.length - 1] = xy[xy.length - 1];
        return out;
    }

    /** An elliptic arc from {@code fromDegrees} to {@code toDegrees}; 0° points right, 90° down. */
    private static double[] arc(double cx, double cy, double rx, double ry, double fromDegrees, double toDegrees) {
        int pieces = (int) Math.ceil(Math.abs(toDegrees - fromDegrees) / 12);
        double[] out = new double[(pieces + 1) * 2];
        for (int k = 0; k <= pieces; k++) {
            double a = Math.toRadians(fromDegrees + (toDegrees - fromDegrees) * k / pieces);
            out[2 * k] = cx + rx * Math.cos(a);
            out[2 * k + 1] = cy + ry * Math.sin(a);
        }
        return out;
    }

    /** A quadratic Bézier curve from (x0, y0) to (x1, y1) pulled towards (cx, cy). */
    private static double[] curve(double x0, double y0, double cx, double cy, double x1, double y1) {
        int pieces = 10;
        double[] out = new double[(pieces + 1) * 2];
        for (int k = 0; k <= pieces; k++) {
            double t = (double) k / pieces;
            double u = 1 - t;
            out[2 * k] = u * u * x0 + 2 * u * t * cx + t * t * x1;
            out[2 * k + 1] = u * u * y0 + 2 * u * t * cy + t * t * y1;
        }
        return out;
    }

    private static double clamp(double value, double low, double high) {
        return Math.max(low, Math.min(high, value));
    }
}
