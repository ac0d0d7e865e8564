package nndl4j.data;

import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;
import nndl4j.BadInputException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Unpickles numpy arrays with razorvine's {@link Unpickler}. numpy pickles an array as
 * {@code _reconstruct(ndarray, (0,), b'b')} then {@code __setstate__((version, shape, dtype, is_fortran, rawdata))}
 * (protocols 0-4), or as {@code _frombuffer(buffer, dtype, shape, order)} (protocol 5); a dtype as
 * {@code dtype('f4', False, True)} then {@code __setstate__((3, '<', ...))}. The module is {@code numpy.core} before
 * numpy 2 and {@code numpy._core} since. Unpickling only collects these parts; callers check them afterwards
 * ({@link Array#defect}), so that errors can name the file and the array.
 *
 * <p>Unlike razorvine's own unpickler, this one allocates no more for a string or bytes object than the stream
 * delivers (a declared length of 2 GB in a 100-byte file is an {@link EOFException}, not an OutOfMemoryError), and it
 * refuses dicts and sets, which numpy arrays pickle without: hashing keys of a crafted pickle (a list that holds
 * itself) would overflow the stack.
 */
final class NumpyPickles {
    /** The dtypes {@link Array} converts: float32/64, int32/64, uint8. */
    private static final Set<String> SUPPORTED = Set.of("f4", "f8", "i4", "i8", "u1");
    /** The largest string or bytes object read: a Java array's limit. */
    private static final int MAX_OBJECT_BYTES = Integer.MAX_VALUE - 8;

    static {
        for (String core : new String[] {"numpy.core", "numpy._core"}) {
            Unpickler.registerConstructor(core + ".multiarray", "_reconstruct", args -> new Array());
            Unpickler.registerConstructor(core + ".numeric", "_frombuffer", NumpyPickles::fromBuffer);
        }
        Unpickler.registerConstructor("numpy", "dtype", args -> new DType(text(args[0])));
    }

    private NumpyPickles() {
    }

    /**
     * Unpickles one object; numpy arrays in it come out as {@link Array}s.
     *
     * @throws EOFException if the stream ends inside a string or bytes object
     * @throws IOException if reading fails
     * @throws RuntimeException (razorvine's assorted ones) if the pickle is malformed or holds a dict or set
     */
    static Object load(InputStream in) throws IOException {
        return new BoundedUnpickler().load(in);
    }

    /** razorvine's unpickler with length-prefixed objects read as far as the stream goes, and no dicts or sets. */
    private static final class BoundedUnpickler extends Unpickler {
        @Override
        protected Object dispatch(short key) throws IOException {
            switch (key) {
                case Opcodes.BINSTRING -> stack.add(PickleUtils.rawStringFromBytes(readObject(4, "string")));
                case Opcodes.BINBYTES -> stack.add(readObject(4, "bytes object"));
                case Opcodes.BINBYTES8, Opcodes.BYTEARRAY8 -> stack.add(readObject(8, "bytes object"));
                case Opcodes.BINUNICODE -> stack.add(new String(readObject(4, "string"), StandardCharsets.UTF_8));
                case Opcodes.BINUNICODE8 -> stack.add(new String(readObject(8, "string"), StandardCharsets.UTF_8));
                case Opcodes.LONG4 -> stack.add(PickleUtils.decode_long(readObject(4, "long integer")));
                case Opcodes.EMPTY_DICT, Opcodes.DICT, Opcodes.SETITEM, Opcodes.SETITEMS,
                        Opcodes.EMPTY_SET, Opcodes.FROZENSET, Opcodes.ADDITEMS ->
                        throw new PickleException("it holds a dict or set, which pickled numpy arrays do not");
                default -> {
                    return super.dispatch(key);
                }
            }
            return NO_RETURN_VALUE;
        }

        /** An object's bytes after their little-endian length of {@code lengthBytes} bytes, read in pieces. */
        private byte[] readObject(int lengthBytes, String what) throws IOException {
            byte[] header = input.readNBytes(lengthBytes);
            if (header.length < lengthBytes) {
                throw new EOFException("the pickle ends inside the length of a " + what);
            }
            long length = lengthBytes == 4 ? PickleUtils.bytes_to_uint(header, 0) : PickleUtils.bytes_to_long(header, 0);
            if (length < 0 || length > MAX_OBJECT_BYTES) {
                throw new PickleException("it declares a " + what + " of " + Long.toUnsignedString(length)
                        + " bytes, more than one array holds");
            }
            // readNBytes grows its buffer as bytes arrive, so a false length costs only what the stream holds.
            byte[] data = input.readNBytes((int) length);
            if (data.length < length) {
                throw new EOFException("the pickle ends " + data.length + " bytes into a " + length + "-byte " + what);
            }
            return data;
        }
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

    private static long[] dimensions(Object raw) {
        return Arrays.stream((Object[]) raw).mapToLong(d -> ((Number) d).longValue()).toArray();
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
            return code.startsWith("f");
        }

        /** numpy's name: float32, int64, uint8, ... */
        String name() {
            String kind = code.isEmpty() ? null : switch (code.charAt(0)) {
                case 'f' -> "float";
                case 'i' -> "int";
                case 'u' -> "uint";
                case 'c' -> "complex";
                default -> null;
            };
            String bytes = code.substring(1);
            return kind != null && bytes.matches("\\d+") ? kind + Integer.parseInt(bytes) * 8
                    : "'" + BadInputException.oneLine(code) + "'";
        }

        private int itemSize() {
            return Integer.parseInt(code.substring(1));
        }
    }

    /** A numpy array's raw parts. Public for razorvine's reflection. */
    public static final class Array {
        private long[] shape;
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

        /** The shape; only for an array without a {@link #defect}. */
        int[] shape() {
            return Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
        }

        /** The dtype; null for an array whose state never came. */
        DType dtype() {
            return dtype;
        }

        /** Python's way of writing the shape: (5, 784), (5,). */
        String shapeText() {
            String inside = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
            return "(" + inside + (shape.length == 1 ? ",)" : ")");
        }

        /**
         * Why the parts do not make an array: its state never came, its dtype is not one {@link DType#supported},
         * or its shape is impossible or promises other than the raw data's bytes; null when they do. Checked
         * before anything is allocated for the elements.
         */
        String defect() {
            if (shape == null || dtype == null || data == null) {
                return "an ndarray without its shape, dtype or data";
            }
            if (!dtype.supported()) {
                return "of unsupported dtype " + dtype.name();
            }
            // exact, as no fixed-width product is: (2^21)^3 float32 wraps around to 0 bytes in 64 bits
            BigInteger bytes = BigInteger.valueOf(dtype.itemSize());
            for (long d : shape) {
                if (d < 0 || d > Integer.MAX_VALUE) {
                    return "of impossible shape " + shapeText();
                }
                bytes = bytes.multiply(BigInteger.valueOf(d));
            }
            if (!bytes.equals(BigInteger.valueOf(data.length))) {
                return "truncated or corrupt: shape " + shapeText() + " of " + dtype.name() + " needs " + bytes
                        + " bytes, the data holds " + data.length;
            }
            return null;
        }

        private int elementCount() {
            return data.length / dtype.itemSize();
        }

        /** The elements in C (row-major) order as floats. Only for an array without a {@link #defect}. */
        float[] toFloats() {
            float[] out = new float[elementCount()];
            forEach((i, value) -> out[i] = (float) value);
            return out;
        }

        /** The elements in C (row-major) order as ints (int64 values beyond int saturate); only without a defect. */
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
            if (defect() != null) {
                throw new IllegalStateException("array " + defect());
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
            int[] shape = shape();
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
