package io.vlaarena.openpi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Hand-built msgpack byte fixtures of openpi's messages, written from the msgpack specification and
 * openpi's {@code msgpack_numpy} (numpy arrays as maps whose keys are bin, dtype as numpy's type
 * string, shape as an array), and checked once against the bytes openpi's own Python code writes
 * for the same values (see docs/policies.md, "Interoperability").
 *
 * <p>Each line: hex bytes, or {@code "text"} for a string's UTF-8 bytes, then an optional
 * {@code //} comment.
 */
final class Fixtures {
    private Fixtures() {}

    static byte[] bytes(String annotated) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : annotated.split("\n")) {
            int bar = line.indexOf("//");
            String data = (bar >= 0 ? line.substring(0, bar) : line).strip();
            while (!data.isEmpty()) {
                if (data.startsWith("\"")) {
                    int end = data.indexOf('"', 1);
                    out.writeBytes(data.substring(1, end).getBytes(StandardCharsets.UTF_8));
                    data = data.substring(end + 1).strip();
                } else {
                    int sp = data.indexOf(' ');
                    String hex = sp < 0 ? data : data.substring(0, sp);
                    out.writeBytes(HexFormat.of().parseHex(hex));
                    data = sp < 0 ? "" : data.substring(sp + 1).strip();
                }
            }
        }
        return out.toByteArray();
    }

    /** openpi's metadata frame of a policy without metadata: {@code packb({})}. */
    static final String EMPTY_METADATA = "80 // map of 0";

    /** A metadata frame with a list (openpi's ALOHA policies send a reset pose). */
    static final String ALOHA_METADATA = """
            81                       // map of 1
            aa "reset_pose"          // fixstr 10
            96                       // array of 6 Python floats, each float 64
            cb 0000000000000000      // 0.0
            cb bfeeb851eb851eb8      // -0.96
            cb 3ff28f5c28f5c28f      // 1.16
            cb 0000000000000000      // 0.0
            cb bfd3333333333333      // -0.3
            cb 0000000000000000      // 0.0
            """;

    /**
     * A DROID observation as openpi's client packs it: a 2×2 RGB image (uint8, values 0..11),
     * {@code joint_position} and {@code gripper_position} as float64 arrays (numpy's default), and
     * the prompt.
     */
    static final String DROID_OBSERVATION = """
            84                                          // map of 4
            d9 21 "observation/exterior_image_1_left"   // str 8, 33 bytes
            84                                          // the ndarray: map of 4, keys bin
            c4 0b "__ndarray__" c3                      // bin 11, true
            c4 04 "data" c4 0c 000102030405060708090a0b // bin 12: the pixels, row-major HWC
            c4 05 "dtype" a3 "|u1"                      // dtype.str as a str
            c4 05 "shape" 93 02 02 03                   // [2, 2, 3]
            ba "observation/joint_position"             // fixstr 26
            84
            c4 0b "__ndarray__" c3
            c4 04 "data" c4 38                          // bin 8, 56 bytes: 7 float64 little-endian
            0000000000000000 000000000000e0bf 0000000000000000 00000000000000c0
            0000000000000000 000000000000f83f 000000000000e83f
            c4 05 "dtype" a3 "<f8"
            c4 05 "shape" 91 07
            bc "observation/gripper_position"           // fixstr 28
            84
            c4 0b "__ndarray__" c3
            c4 04 "data" c4 08 000000000000d03f         // 0.25
            c4 05 "dtype" a3 "<f8"
            c4 05 "shape" 91 01
            a6 "prompt" b4 "pick up the red cube"       // fixstr 6, fixstr 20
            """;

    /**
     * An answer as openpi's server sends it: {@code actions} float32 [2, 8], the policy's timing and
     * the server's timing.
     */
    static final String ANSWER = """
            83                                          // map of 3
            a7 "actions"
            84
            c4 0b "__ndarray__" c3
            c4 04 "data" c4 40                          // 64 bytes: 16 float32
            0000003f 0000003f 0000003f 0000003f 0000003f 0000003f 0000003f 0000003f // 0.5 × 8
            000080be 000080be 000080be 000080be 000080be 000080be 000080be 000080be // -0.25 × 8
            c4 05 "dtype" a3 "<f4"
            c4 05 "shape" 92 02 08
            ad "policy_timing" 81 a8 "infer_ms" cb 3ff8000000000000               // 1.5
            ad "server_timing" 82 a8 "infer_ms" cb 4002000000000000               // 2.25
            ad "prev_total_ms" cb 400c000000000000                                // 3.5
            """;

    /** numpy scalars: {@code np.float32(0.5)}, {@code np.int64(7)}, {@code np.bool_(True)}; data is {@code obj.item()}. */
    static final String SCALARS = """
            83
            a1 "g" 83 c4 0d "__npgeneric__" c3 c4 04 "data" cb 3fe0000000000000 c4 05 "dtype" a3 "<f4"
            a1 "n" 83 c4 0d "__npgeneric__" c3 c4 04 "data" 07 c4 05 "dtype" a3 "<i8"
            a1 "b" 83 c4 0d "__npgeneric__" c3 c4 04 "data" c3 c4 05 "dtype" a3 "|b1"
            """;

    /** ALOHA's observation: channel-first images nested under {@code images}. */
    static final String ALOHA_OBSERVATION = """
            83
            a6 "images" 81 a8 "cam_high"
            84 c4 0b "__ndarray__" c3 c4 04 "data" c4 06 000000000000 c4 05 "dtype" a3 "|u1"
            c4 05 "shape" 93 03 01 02                  // [3, 1, 2]
            a5 "state"
            84 c4 0b "__ndarray__" c3 c4 04 "data" c4 10 000000000000f03f 000000000000f03f
            c4 05 "dtype" a3 "<f8" c4 05 "shape" 91 02
            a6 "prompt" a1 "x"
            """;
}
