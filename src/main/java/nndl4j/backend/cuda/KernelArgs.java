package nndl4j.backend.cuda;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The arguments of one kernel launch, in order, each with its C type and raw bits: what a launcher needs to pass
 * them by value, whether through {@code cuLaunchKernel}'s parameter array or a C call.
 */
final class KernelArgs {

    /** The C type of a kernel parameter and its size in bytes. */
    public enum Type {
        /** A device pointer ({@code float *}, {@code const int *}, ...), 64 bits. */
        POINTER(8),
        /** {@code int}, 32 bits. */
        INT(4),
        /** {@code float}, 32 bits. */
        FLOAT(4);

        public final int bytes;

        Type(int bytes) {
            this.bytes = bytes;
        }
    }

    /**
     * One argument. {@code bits} holds the address of a pointer, the two's complement of an int or the IEEE 754
     * bits of a float ({@link Float#floatToRawIntBits}), the 32-bit ones zero-extended.
     */
    public record Arg(Type type, long bits) {
    }

    private final List<Arg> args = new ArrayList<>();

    private KernelArgs() {
    }

    /** An empty argument list, to fill in the order of the kernel's parameters. */
    public static KernelArgs of() {
        return new KernelArgs();
    }

    public KernelArgs pointer(long devicePointer) {
        args.add(new Arg(Type.POINTER, devicePointer));
        return this;
    }

    public KernelArgs int32(int value) {
        args.add(new Arg(Type.INT, Integer.toUnsignedLong(value)));
        return this;
    }

    public KernelArgs float32(float value) {
        args.add(new Arg(Type.FLOAT, Integer.toUnsignedLong(Float.floatToRawIntBits(value))));
        return this;
    }

    public List<Arg> list() {
        return Collections.unmodifiableList(args);
    }

    @Override
    public String toString() {
        return args.toString();
    }
}
