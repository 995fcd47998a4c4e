package io.vlaarena.openpi;

import static io.vlaarena.openpi.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenPiCodecTest {

    private static Map<String, Object> droidObservation() {
        Map<String, Object> obs = new LinkedHashMap<>();
        byte[] px = new byte[12];
        for (int i = 0; i < 12; i++) {
            px[i] = (byte) i;
        }
        obs.put("observation/exterior_image_1_left", NdArray.ofBytes(px, 2, 2, 3));
        obs.put("observation/joint_position", NdArray.ofDoubles(new double[] {0, -0.5, 0, -2, 0, 1.5, 0.75}, 7));
        obs.put("observation/gripper_position", NdArray.ofDoubles(new double[] {0.25}, 1));
        obs.put("prompt", "pick up the red cube");
        return obs;
    }

    private static Map<String, Object> answer() {
        float[] a = new float[16];
        for (int i = 0; i < 16; i++) {
            a[i] = i < 8 ? 0.5f : -0.25f;
        }
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("infer_ms", 2.25);
        server.put("prev_total_ms", 3.5);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("actions", NdArray.ofFloats(a, 2, 8));
        answer.put("policy_timing", Map.of("infer_ms", 1.5));
        answer.put("server_timing", server);
        return answer;
    }

    @Test
    void encodesAnObservationByteForByteAsOpenPiWritesIt() {
        assertThat(OpenPiCodec.encode(droidObservation())).isEqualTo(bytes(Fixtures.DROID_OBSERVATION));
    }

    @Test
    void decodesOpenPisObservation() {
        Map<String, Object> obs = OpenPiCodec.decodeMap(bytes(Fixtures.DROID_OBSERVATION));
        assertThat(obs).containsOnlyKeys("observation/exterior_image_1_left", "observation/joint_position",
                "observation/gripper_position", "prompt");
        NdArray img = (NdArray) obs.get("observation/exterior_image_1_left");
        assertThat(img.dtype()).isEqualTo(DType.UINT8);
        assertThat(img.shape()).containsExactly(2, 2, 3);
        assertThat(img.getDouble(11)).isEqualTo(11);
        assertThat(((NdArray) obs.get("observation/joint_position")).toDoubles()).containsExactly(0, -0.5, 0, -2, 0, 1.5, 0.75);
        assertThat(obs.get("prompt")).isEqualTo("pick up the red cube");
        assertThat(obs).isEqualTo(droidObservation());
    }

    @Test
    void encodesAndDecodesOpenPisAnswer() {
        assertThat(OpenPiCodec.encode(answer())).isEqualTo(bytes(Fixtures.ANSWER));
        Map<String, Object> a = OpenPiCodec.decodeMap(bytes(Fixtures.ANSWER));
        NdArray actions = (NdArray) a.get("actions");
        assertThat(actions.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(actions.shape()).containsExactly(2, 8);
        assertThat(actions.getDouble(0)).isEqualTo(0.5);
        assertThat(actions.getDouble(15)).isEqualTo(-0.25);
        assertThat(a.get("server_timing")).isEqualTo(Map.of("infer_ms", 2.25, "prev_total_ms", 3.5));
    }

    @Test
    void metadataFramesAsOpenPiSendsThem() {
        assertThat(OpenPiCodec.encode(Map.of())).isEqualTo(bytes(Fixtures.EMPTY_METADATA));
        assertThat(OpenPiCodec.decodeMap(bytes(Fixtures.EMPTY_METADATA))).isEmpty();
        Map<String, Object> aloha = OpenPiCodec.decodeMap(bytes(Fixtures.ALOHA_METADATA));
        assertThat(aloha.get("reset_pose")).isEqualTo(List.of(0.0, -0.96, 1.16, 0.0, -0.3, 0.0));
        assertThat(OpenPiCodec.encode(aloha)).isEqualTo(bytes(Fixtures.ALOHA_METADATA));
    }

    @Test
    void numpyScalarsTravelAsNpgenericWithTheirItem() {
        Map<String, Object> s = OpenPiCodec.decodeMap(bytes(Fixtures.SCALARS));
        NdArray g = (NdArray) s.get("g");
        assertThat(g.isScalar()).isTrue();
        assertThat(g.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(g.getDouble(0)).isEqualTo(0.5);
        assertThat(((NdArray) s.get("n")).getDouble(0)).isEqualTo(7);
        assertThat(((NdArray) s.get("n")).dtype()).isEqualTo(DType.INT64);
        assertThat(((NdArray) s.get("b")).dtype()).isEqualTo(DType.BOOL);
        assertThat(((NdArray) s.get("b")).getDouble(0)).isEqualTo(1);
        Map<String, Object> back = new LinkedHashMap<>();
        back.put("g", NdArray.scalar(DType.FLOAT32, 0.5));
        back.put("n", NdArray.scalar(DType.INT64, 7));
        back.put("b", NdArray.scalar(DType.BOOL, 1));
        assertThat(OpenPiCodec.encode(back)).isEqualTo(bytes(Fixtures.SCALARS));
    }

    @Test
    void nestedMapsAsAlohaSendsItsImages() {
        Map<String, Object> obs = OpenPiCodec.decodeMap(bytes(Fixtures.ALOHA_OBSERVATION));
        NdArray cam = (NdArray) ((Map<?, ?>) obs.get("images")).get("cam_high");
        assertThat(cam.shape()).containsExactly(3, 1, 2);
        assertThat(OpenPiCodec.encode(obs)).isEqualTo(bytes(Fixtures.ALOHA_OBSERVATION));
    }

    @Test
    void acceptsMarkerKeysWrittenAsStr() {
        byte[] frame = bytes("""
                84 ab "__ndarray__" c3 a4 "data" c4 04 0000803f a5 "dtype" a3 "<f4" a5 "shape" 91 01
                """);
        NdArray a = (NdArray) OpenPiCodec.decode(frame);
        assertThat(a.toDoubles()).containsExactly(1.0);
    }

    @Test
    void readsBigEndianArraysAndNumpyTypeNames() {
        NdArray be = (NdArray) OpenPiCodec.decode(bytes("""
                84 c4 0b "__ndarray__" c3 c4 04 "data" c4 04 3f800000 c4 05 "dtype" a3 ">f4" c4 05 "shape" 91 01
                """));
        assertThat(be.toDoubles()).containsExactly(1.0);
        NdArray named = (NdArray) OpenPiCodec.decode(bytes("""
                84 c4 0b "__ndarray__" c3 c4 04 "data" c4 01 07 c4 05 "dtype" a5 "uint8" c4 05 "shape" 90
                """));
        assertThat(named.shape()).isEmpty();
        assertThat(named.getDouble(0)).isEqualTo(7);
    }

    @Test
    void halfPrecisionRoundTripsAsNumpyRoundsIt() {
        NdArray h = NdArray.fromDoubles(DType.FLOAT16, new double[] {1.0, -2.5, 65504, 1e-8, 0.1}, 5);
        assertThat(h.toDoubles()).containsExactly(1.0, -2.5, 65504, 0.0, 0.0999755859375);
        assertThat(NdArray.halfToFloat(NdArray.floatToHalf(Float.POSITIVE_INFINITY))).isInfinite();
        assertThat(NdArray.halfToFloat(NdArray.floatToHalf(Float.NaN))).isNaN();
        assertThat(NdArray.halfToFloat(NdArray.floatToHalf(6e-8f))).isEqualTo(5.9604645e-8f); // smallest subnormal
    }

    @Test
    void refusesMalformedFramesNamingTheProblem() {
        assertThatThrownBy(() -> OpenPiCodec.decode(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> OpenPiCodec.decode(bytes("81 a1 \"a\""))).hasMessageContaining("not valid msgpack");
        assertThatThrownBy(() -> OpenPiCodec.decode(bytes("80 80"))).hasMessageContaining("1 bytes after its value");
        assertThatThrownBy(() -> OpenPiCodec.decode(bytes("c1"))).hasMessageContaining("Malformed openpi message");
        assertThatThrownBy(() -> OpenPiCodec.decode(bytes("d4 01 00"))).hasMessageContaining("extension");
        assertThatThrownBy(() -> OpenPiCodec.decode(bytes("81 01 02"))).hasMessageContaining("map keys must be str or bin");
        assertThatThrownBy(() -> OpenPiCodec.decode(bytes("a2 c3 28"))).hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> OpenPiCodec.decode(bytes("82 a1 \"a\" 01 a1 \"a\" 02"))).hasMessageContaining("repeats the key 'a'");
        assertThatThrownBy(() -> OpenPiCodec.decodeMap(bytes("93 01 02 03"))).hasMessageContaining("not a map");
    }

    @Test
    void lengthPrefixesCannotClaimMoreThanTheFrameHolds() {
        // bin 32 claiming 4 GiB, array 32 and map 32 claiming 2^31 entries: refused before any allocation
        assertThatThrownBy(() -> OpenPiCodec.decode(bytes("c6 7fffffff 00"))).hasMessageContaining("only 1 follow");
        assertThatThrownBy(() -> OpenPiCodec.decode(bytes("c6 ffffffff 00"))).hasMessageContaining("claims more than 2 GiB");
        assertThatThrownBy(() -> OpenPiCodec.decode(bytes("dd 7fffffff 00"))).hasMessageContaining("claims 2147483647 elements");
        assertThatThrownBy(() -> OpenPiCodec.decode(bytes("df 7fffffff 00"))).hasMessageContaining("elements");
        byte[] deep = new byte[OpenPiCodec.MAX_DEPTH + 2];
        java.util.Arrays.fill(deep, (byte) 0x91);
        deep[deep.length - 1] = 0x01;
        assertThatThrownBy(() -> OpenPiCodec.decode(deep)).hasMessageContaining("nested deeper than 64");
    }

    @Test
    void refusesArraysWhoseDataDoesNotMatchTheirTypeAndShape() {
        assertThatThrownBy(() -> OpenPiCodec.decode(bytes("""
                84 c4 0b "__ndarray__" c3 c4 04 "data" c4 03 000000 c4 05 "dtype" a3 "<f4" c4 05 "shape" 91 01
                """))).hasMessageContaining("needs 4 bytes of data, got 3");
        assertThatThrownBy(() -> OpenPiCodec.decode(bytes("""
                84 c4 0b "__ndarray__" c3 c4 04 "data" c4 00 c4 05 "dtype" a3 "<c8" c4 05 "shape" 91 00
                """))).hasMessageContaining("unsupported dtype").hasMessageContaining("<f4 (float32)");
        assertThatThrownBy(() -> OpenPiCodec.decode(bytes("""
                84 c4 0b "__ndarray__" c3 c4 04 "data" c4 00 c4 05 "dtype" a3 "|O8" c4 05 "shape" 91 00
                """))).hasMessageContaining("unsupported dtype");
        assertThatThrownBy(() -> OpenPiCodec.decode(bytes("""
                84 c4 0b "__ndarray__" c3 c4 04 "data" c4 00 c4 05 "dtype" a3 "<f4" c4 05 "shape" 91 ff
                """))).hasMessageContaining("dimension -1");
        assertThatThrownBy(() -> OpenPiCodec.decode(bytes("""
                84 c4 0b "__ndarray__" c3 c4 04 "data" a1 "x" c4 05 "dtype" a3 "|u1" c4 05 "shape" 91 01
                """))).hasMessageContaining("needs 'data' as bin");
        assertThatThrownBy(() -> OpenPiCodec.decode(bytes("""
                84 c4 0b "__ndarray__" c3 c4 04 "data" c4 00 c4 05 "dtype" a3 "<f4" c4 05 "shape" 92 ce 7fffffff ce 7fffffff
                """))).hasMessageContaining("exceeds 2 GiB");
    }

    @Test
    void refusesValuesItCannotEncode() {
        assertThatThrownBy(() -> OpenPiCodec.encode(Map.of("x", new Object())))
                .hasMessageContaining("Cannot encode java.lang.Object at the message['x']");
        assertThatThrownBy(() -> OpenPiCodec.encode(Map.of(1, 2))).hasMessageContaining("Map keys must be strings");
    }

    @Test
    void stringsUseTheSmallestHeaderForTheirLength() {
        String s31 = "a".repeat(31);
        String s32 = "a".repeat(32);
        String s256 = "a".repeat(256);
        assertThat(OpenPiCodec.encode(s31)[0]).isEqualTo((byte) 0xbf);
        assertThat(OpenPiCodec.encode(s32)[0]).isEqualTo((byte) 0xd9);
        assertThat(OpenPiCodec.encode(s256)[0]).isEqualTo((byte) 0xda);
        assertThat(new String(OpenPiCodec.encode("é"), StandardCharsets.UTF_8).substring(1)).isEqualTo("é");
    }
}
