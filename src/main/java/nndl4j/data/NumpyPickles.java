package nndl4j.data;

import net.razorvine.pickle.Unpickler;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Unpickles numpy arrays with razorvine's {@link Unpickler}. numpy pickles an array as
 * {@code _reconstruct(ndarray, (0,), b'b')} then {@code __setstate__((version, shape, dtype, is_fortran, rawdata))}
 * (protocols 0-4), or as {@code _frombuffer(buffer, dtype, shape, order)} (protocol 5); a dtype as
 * {@code dtype('f4', False, True)} then {@code __setstate__((3, '<', ...))}. The module is {@code numpy.core} before
 * numpy 2 and {@code numpy._core} since. Unpickling only collects these parts; callers check them afterwards, so that
 * errors can name the file and the array.
 */
final class NumpyPickles {
    /** The dtypes {@link Array} converts: float32/64, int32/64, uint8. */
    private static final Set<String> SUPPORTED = Set.of("f4", "f8", "i4", "i8", "u1");

    static {
        for (String core : new String[] {"numpy.core", "numpy._core"}) {
            Unpickler.registerConstructor(core + ".multiarray", "_reconstruct", args -> new Array());
            Unpickler.registerConstructor(core + ".numeric", "_frombuffer", NumpyPickles::fromBuffer);
        }
        Unpickler.registerConstructor("numpy", "dtype", args -> new DType(text(args[0])));
    }

    private NumpyPickles() {
    }

    /** Unpickles one object; numpy arrays in it come out as {@link Array}s. */
    static Object load(InputStream in) throws IOException {
        return new Unpickler().load(in);
    }

    private static Array fromBuffer(Object[] args) {
        Array array = new Array();
        array.data = bytes(args[0]);
        array.dtype = (DType) args[1];
        array.shape = dimensions(args[2]);
        array.fortranOrder = "F".equals(text(args[3]));
        return array;
    }

    /**
     * razorvine gives Python 3 bytes (including protocol 2's {@code _codecs.encode(text, 'latin1')}) as byte[], and
     * Python 2 byte strings, such as those in the book's own mnist.pkl.gz, as text with one char per byte.
     */
    private static byte[] bytes(Object raw) {
        return raw instanceof String s ? s.getBytes(StandardCharsets.ISO_8859_1) : (byte[]) raw;
    }

    private static String text(Object raw) {
        return raw instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : (String) raw;
    }

    private static int[] dimensions(Object raw) {
        return Arrays.stream((Object[]) raw).mapToInt(d -> Math.toIntExact(((Number) d).longValue())).toArray();
    }

    /** A numpy dtype: its type code ("f4", "i8", "u1", ...) and byte order. Public for razorvine's reflection. */
    public static final class DType {
        private final String code;
        private char byteOrder = '|';

        DType(String code) {
            this.code = code;
        }

        /** Called by the unpickler with (version, byteorder, subarray, names, fields, elsize, alignment, flags). */
        public void __setstate__(Object[] state) {
            byteOrder = text(state[1]).charAt(0);
        }

        boolean supported() {
            return SUPPORTED.contains(code);
        }

        boolean isFloat() {
            return code.charAt(0) == 'f';
        }

        /** numpy's name: float32, int64, uint8, ... */
        String name() {
            String kind = switch (code.charAt(0)) {
                case 'f' -> "float";
                case 'i' -> "int";
                case 'u' -> "uint";
                case 'c' -> "complex";
                default -> null;
            };
            String bytes = code.substring(1);
            return kind != null && bytes.matches("\\d+") ? kind + Integer.parseInt(bytes) * 8 : "'" + code + "'";
        }

        private int itemSize() {
            return Integer.parseInt(code.substring(1));
        }
    }

    /** A numpy array's raw parts. Public for razorvine's reflection. */
    public static final class Array {
        private int[] shape;
        private DType dtype;
        private boolean fortranOrder;
        private byte[] data;

        /** Called by the unpickler with (version, shape, dtype, is_fortran, rawdata). */
        public void __setstate__(Object[] state) {
            shape = dimensions(state[1]);
            dtype = (DType) state[2];
            fortranOrder = Boolean.TRUE.equals(state[3]);
            data = bytes(state[4]);
        }

        int[] shape() {
            return shape.clone();
        }

        DType dtype() {
            return dtype;
        }

        int elementCount() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return Math.toIntExact(n);
        }

        /** True when the raw data holds exactly the elements that shape and dtype promise (dtype supported). */
        boolean complete() {
            return data.length == (long) elementCount() * dtype.itemSize();
        }

        /** The elements in C (row-major) order as floats. Needs a supported dtype and complete data. */
        float[] toFloats() {
            float[] out = new float[elementCount()];
            forEach((i, value) -> out[i] = (float) value);
            return out;
        }

        /** The elements in C (row-major) order as ints (int64 values beyond int saturate). */
        int[] toInts() {
            int[] out = new int[elementCount()];
            forEach((i, value) -> out[i] = (int) value);
            return out;
        }

        private interface Sink {
            void put(int index, double value);
        }

        /** Hands each element to {@code sink} with its C-order index, reading Fortran-ordered data accordingly. */
        private void forEach(Sink sink) {
            if (!dtype.supported()) {
                throw new IllegalStateException("unsupported dtype " + dtype.name());
            }
            ByteBuffer buffer = ByteBuffer.wrap(data).order(dtype.byteOrder == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            int size = dtype.itemSize();
            Reader reader = switch (dtype.code) {
                case "f4" -> ByteBuffer::getFloat;
                case "f8" -> ByteBuffer::getDouble;
                case "i4" -> ByteBuffer::getInt;
                case "i8" -> ByteBuffer::getLong;
                default -> (b, at) -> b.get(at) & 0xff;
            };
            int n = elementCount();
            if (!fortranOrder) {
                for (int i = 0; i < n; i++) {
                    sink.put(i, reader.read(buffer, i * size));
                }
                return;
            }
            // Fortran order: the first axis varies fastest. Walk C order with an odometer over the axes.
            int[] stride = new int[shape.length];
            for (int d = 0, s = 1; d < shape.length; s *= shape[d], d++) {
                stride[d] = s;
            }
            int[] position = new int[shape.length];
            int source = 0;
            for (int i = 0; i < n; i++) {
                sink.put(i, reader.read(buffer, source * size));
                for (int d = shape.length - 1; d >= 0; d--) {
                    position[d]++;
                    source += stride[d];
                    if (position[d] < shape[d]) {
                        break;
                    }
                    source -= position[d] * stride[d];
                    position[d] = 0;
                }
            }
        }

        private interface Reader {
            double read(ByteBuffer buffer, int at);
        }
    }
}
