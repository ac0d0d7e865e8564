package nndl4j.data;

import nndl4j.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one array in numpy's {@code .npy} format, versions 1.0, 2.0 and 3.0
 * (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html): the magic {@code \x93NUMPY}, a version,
 * the header's length (2 bytes little-endian in 1.0, 4 in 2.0 and 3.0), a header that is a Python dict literal of
 * {@code descr}, {@code fortran_order} and {@code shape}, then the raw data. Only integer dtypes are read (little- or
 * big-endian, 1 to 8 bytes); Fortran-ordered data is reordered to C order as {@code numpy.load} does. Object arrays
 * hold pickles, which are never unpickled here: they and every other dtype are refused.
 */
final class Npy {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** The largest array read: Java arrays hold at most this many bytes. */
    static final int MAX_BYTES = Integer.MAX_VALUE - 8;
    /** numpy.load refuses longer headers by default ({@code max_header_size}); real headers are under 200 bytes. */
    private static final int MAX_HEADER_BYTES = 10_000;
    private static final int PICKLE_PROTO = 0x80;
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");
    private static final Pattern INTEGER_DESCR = Pattern.compile("([<>|=])([iu])([1248])");

    private Npy() {
    }

    /** The array {@code in} holds, which must end right after its data; {@code where} names it in messages. */
    static NpyArray read(InputStream in, String where) throws IOException {
        Header header = readHeader(in, where);
        int bytes = dataBytes(header, where);
        // readNBytes grows its buffer as data arrives, so a header that lies about the size allocates no more than the data.
        byte[] data = in.readNBytes(bytes);
        if (data.length < bytes) {
            throw new BadInputException(where + " is truncated: shape " + header.shapeText() + " of " + header.descr
                    + " needs " + bytes + " bytes of data but it holds " + data.length);
        }
        if (in.read() != -1) {
            throw new BadInputException(where + " has more data than its shape " + header.shapeText() + " of "
                    + header.descr + " describes");
        }
        int[] shape = new int[header.shape.length];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = (int) header.shape[i];
        }
        if (header.fortranOrder) {
            data = fortranToC(data, shape, header.itemSize);
        }
        return new NpyArray(header.descr, header.kind, header.itemSize, header.order, shape, data);
    }

    /** The magic, version, header length and header, checked. */
    private static Header readHeader(InputStream in, String where) throws IOException {
        byte[] prelude = in.readNBytes(MAGIC.length + 2);
        if (!startsWithMagic(prelude)) {
            boolean pickle = prelude.length > 0 && (prelude[0] & 0xff) == PICKLE_PROTO;
            throw new BadInputException(where + (pickle
                    ? " is pickled data, not a .npy array: nndl4j does not unpickle"
                    : " is not a .npy array (it does not start with numpy's magic \\x93NUMPY)"));
        }
        if (prelude.length < MAGIC.length + 2) {
            throw new BadInputException(where + " is truncated: it ends inside its .npy header");
        }
        int major = prelude[MAGIC.length];
        int minor = prelude[MAGIC.length + 1];
        if (major < 1 || major > 3 || minor != 0) {
            throw new BadInputException(where + " is .npy format version " + (major & 0xff) + "." + (minor & 0xff)
                    + "; nndl4j reads 1.0, 2.0 and 3.0");
        }
        byte[] lengthBytes = in.readNBytes(major == 1 ? 2 : 4);
        if (lengthBytes.length < (major == 1 ? 2 : 4)) {
            throw new BadInputException(where + " is truncated: it ends inside its .npy header");
        }
        long headerLength = 0;
        for (int i = lengthBytes.length - 1; i >= 0; i--) {
            headerLength = headerLength << 8 | (lengthBytes[i] & 0xff);
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new BadInputException(where + " has a .npy header of " + headerLength + " bytes; numpy writes a few hundred");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw new BadInputException(where + " is truncated: it ends inside its .npy header");
        }
        Charset charset = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        return Header.parse(new String(headerBytes, charset), where);
    }

    /** The size of the data the header describes, refused where no array could hold it. */
    private static int dataBytes(Header header, String where) {
        long bytes = header.itemSize;
        boolean tooLarge = false;
        for (long dim : header.shape) {
            tooLarge |= dim > MAX_BYTES;
            // both factors are at most MAX_BYTES here, so the product cannot overflow; once too large it stays so
            bytes = tooLarge || bytes > MAX_BYTES ? bytes : bytes * dim;
        }
        if (tooLarge || bytes > MAX_BYTES) {
            throw new BadInputException(where + " declares shape " + header.shapeText() + " of " + header.descr
                    + ": more than the " + MAX_BYTES + " bytes an array can hold");
        }
        return (int) bytes;
    }

    static boolean startsWithMagic(byte[] bytes) {
        if (bytes.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@code text} with control characters as '?', so that a message about it stays on one line. */
    static String printable(String text) {
        return text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** Fortran order (first index fastest) to C order (last index fastest), entry by entry. */
    private static byte[] fortranToC(byte[] data, int[] shape, int itemSize) {
        int dims = shape.length;
        if (dims < 2 || data.length == 0) {
            return data;
        }
        long[] fortranStride = new long[dims];
        long stride = 1;
        for (int d = 0; d < dims; d++) {
            fortranStride[d] = stride;
            stride *= shape[d];
        }
        byte[] out = new byte[data.length];
        int[] index = new int[dims];
        long source = 0;
        for (int target = 0; target < out.length; target += itemSize) {
            System.arraycopy(data, (int) (source * itemSize), out, target, itemSize);
            // the next C-order index: the last axis fastest, carrying into the ones before it
            for (int d = dims - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    source += fortranStride[d];
                    break;
                }
                source -= (long) (shape[d] - 1) * fortranStride[d];
                index[d] = 0;
            }
        }
        return out;
    }

    /** The header dict, checked: an integer dtype and a shape of non-negative dimensions. */
    private record Header(String descr, char kind, int itemSize, ByteOrder order, boolean fortranOrder, long[] shape) {

        String shapeText() {
            StringBuilder text = new StringBuilder("(");
            for (int i = 0; i < shape.length; i++) {
                text.append(i > 0 ? ", " : "").append(shape[i]);
            }
            return text.append(shape.length == 1 ? ",)" : ")").toString();
        }

        static Header parse(String text, String where) {
            Map<String, Object> dict = new DictParser(text, where).parse();
            if (!dict.keySet().equals(KEYS)) {
                throw new BadInputException(where + " has a .npy header with keys " + printable(dict.keySet().toString())
                        + "; expected descr, fortran_order and shape");
            }
            Object descr = dict.get("descr");
            Object fortran = dict.get("fortran_order");
            Object shape = dict.get("shape");
            if (!(descr instanceof String name)) {
                throw new BadInputException(where + " has a .npy header whose descr is not a dtype string");
            }
            if (!(fortran instanceof Boolean fortranOrder)) {
                throw new BadInputException(where + " has a .npy header whose fortran_order is not True or False");
            }
            if (!(shape instanceof long[] dims)) {
                throw new BadInputException(where + " has a .npy header whose shape is not a tuple of integers");
            }
            if (name.contains("O")) {
                throw new BadInputException(where + " is an object array (dtype " + printable(name)
                        + "), whose entries are pickled: nndl4j does not unpickle",
                        "save the arrays with numeric dtypes (np.savez(..., x_train=x.astype(np.uint8)))");
            }
            Matcher integer = INTEGER_DESCR.matcher(name);
            if (!integer.matches()) {
                throw new BadInputException(where + " has dtype " + printable(name) + "; nndl4j reads integer arrays: uint8 (|u1) images, integer labels");
            }
            ByteOrder order = integer.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            return new Header(name, integer.group(2).charAt(0), Integer.parseInt(integer.group(3)), order, fortranOrder, dims);
        }
    }

    /**
     * The Python literals a .npy header holds: a dict of string keys whose values are strings, True/False, tuples of
     * integers (written {@code 60000L} by Python 2); a list (a structured dtype's fields) is refused where it starts.
     */
    private static final class DictParser {
        private final String text;
        private final String where;
        private int pos;

        DictParser(String text, String where) {
            this.text = text;
            this.where = where;
        }

        Map<String, Object> parse() {
            Map<String, Object> dict = new HashMap<>();
            expect('{');
            while (!peekIs('}')) {
                String key = string();
                expect(':');
                if (dict.put(key, value()) != null) {
                    throw bad("repeats the key '" + key + "'");
                }
                if (!peekIs('}')) {
                    expect(',');
                }
            }
            expect('}');
            skipSpace();
            if (pos != text.length()) {
                throw bad("has text after the dict");
            }
            return dict;
        }

        private Object value() {
            skipSpace();
            if (pos >= text.length()) {
                throw bad("ends early");
            }
            char c = text.charAt(pos);
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(') {
                return tuple();
            }
            if (c == '[') {
                throw new BadInputException(where + " has a structured dtype (a list of fields); expected integers");
            }
            for (String word : new String[] {"True", "False"}) {
                if (text.startsWith(word, pos)) {
                    pos += word.length();
                    return word.equals("True");
                }
            }
            throw bad("has an unexpected value at character " + pos);
        }

        /** A tuple of non-negative integers: (), (5,), (5, 28, 28). */
        private long[] tuple() {
            expect('(');
            List<Long> items = new ArrayList<>();
            while (!peekIs(')')) {
                items.add(integer());
                if (!peekIs(')')) {
                    expect(',');
                }
            }
            expect(')');
            return items.stream().mapToLong(Long::longValue).toArray();
        }

        private long integer() {
            skipSpace();
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) {
                pos++;
            }
            if (start == pos) {
                throw bad("has a shape entry that is not a non-negative integer at character " + pos);
            }
            String digits = text.substring(start, pos);
            if (pos < text.length() && text.charAt(pos) == 'L') {
                pos++;
            }
            // longer than any real dimension: saturate, so the size check reports it
            return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
        }

        private String string() {
            skipSpace();
            if (pos >= text.length() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"')) {
                throw bad("has no string where one is expected at character " + pos);
            }
            char quote = text.charAt(pos);
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw bad("has an unterminated string");
            }
            String value = text.substring(pos + 1, end);
            pos = end + 1;
            return value;
        }

        private boolean peekIs(char c) {
            skipSpace();
            if (pos >= text.length()) {
                throw bad("ends early");
            }
            return text.charAt(pos) == c;
        }

        private void expect(char c) {
            if (!peekIs(c)) {
                throw bad("has '" + printable(String.valueOf(text.charAt(pos))) + "' where '" + c + "' is expected at character " + pos);
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private BadInputException bad(String what) {
            return new BadInputException(where + " has a malformed .npy header: it " + what);
        }
    }
}
