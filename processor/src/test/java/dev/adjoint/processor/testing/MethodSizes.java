package dev.adjoint.processor.testing;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * The bytes of bytecode of each method of a compiled class, read from its class file (the length of
 * each method's {@code Code} attribute): what HotSpot compares with {@code HugeMethodLimit}.
 */
public final class MethodSizes {

    private MethodSizes() {
    }

    /**
     * Each method of the class {@code binaryName} the compilation wrote, by name and descriptor
     * ({@code f(DD)D}), with its bytecode length.
     */
    public static Map<String, Integer> of(Compiled compiled, String binaryName) {
        String path = binaryName.replace('.', '/') + ".class";
        for (JavaFileObject file : compiled.compilation().generatedFiles()) {
            if (file.getKind() == JavaFileObject.Kind.CLASS && file.toUri().getPath().endsWith(path)) {
                try (InputStream in = file.openInputStream()) {
                    return read(in.readAllBytes());
                } catch (IOException e) {
                    throw new AssertionError("cannot read " + file.toUri(), e);
                }
            }
        }
        throw new AssertionError("no class file " + path + " in the compilation");
    }

    private static Map<String, Integer> read(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        in.skipBytes(8); // magic, minor and major version
        int constants = in.readUnsignedShort();
        String[] utf8 = new String[constants];
        for (int i = 1; i < constants; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++; // a long or a double takes two entries
                }
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        in.skipBytes(6); // access flags, this class, super class
        in.skipBytes(2 * in.readUnsignedShort()); // interfaces
        int fields = in.readUnsignedShort();
        for (int i = 0; i < fields; i++) {
            in.skipBytes(6);
            skipAttributes(in);
        }
        Map<String, Integer> sizes = new LinkedHashMap<>();
        int methods = in.readUnsignedShort();
        for (int i = 0; i < methods; i++) {
            in.skipBytes(2);
            String name = utf8[in.readUnsignedShort()] + utf8[in.readUnsignedShort()];
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if (attribute.equals("Code")) {
                    in.skipBytes(4); // max stack, max locals
                    sizes.put(name, in.readInt());
                    in.skipBytes(length - 8);
                } else {
                    in.skipBytes(length);
                }
            }
        }
        return sizes;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.skipBytes(2);
            in.skipBytes(in.readInt());
        }
    }
}
