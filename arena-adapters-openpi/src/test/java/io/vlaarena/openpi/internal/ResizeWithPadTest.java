package io.vlaarena.openpi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.RgbImage;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks the resize against Pillow's output. The expected bytes and digests were produced once with
 * openpi's {@code image_tools.resize_with_pad} on Pillow 9.4 (Debian's python3-pil) for the same
 * test pattern; see docs/policies.md, "Interoperability".
 */
class ResizeWithPadTest {

    /** A pattern with edges in every direction, so that filter weights and rounding all show. */
    static RgbImage pattern(int w, int h) {
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    px[(y * w + x) * 3 + c] = (byte) ((x * 53 + y * 97 + c * 29 + (x * y) % 7 * 13) % 256);
                }
            }
        }
        return new RgbImage(w, h, px);
    }

    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
    @CsvSource({
        "7, 5, 4, 4, 0000000000000000000000005c7491866c80899a8987546e7c718ab28f588193829c6f69000000000000000000000000",
        "6, 6, 4, 4, 3a57748168858a9c836c896a7895b27e6c76889ba5ad718e6e6b88be8f4d96aa68737e66af44619c6481697c99537051",
        "10, 3, 4, 4, 0000000000000000000000006c708d87858e8c6d6b80986e000000000000000000000000000000000000000000000000",
        "3, 10, 5, 5, 000000000000696784000000000000000000000000807d7f000000000000000000000000a95d63000000000000000000000000938c5600000000000000000000000064818f000000000000",
        "5, 7, 9, 9, 000000001d3a28456254718e809dbaacc9a6d4f10e000000000000000000415e7b6f8ca9a25c798f48655f7c838daa710000000000000000008ca9c66d8aa78c56738d57746c89a683a0bd0000000000000000009fbcd947648159767295b296aecbbd8ba8c500000000000000000023405d6885a2b5d259dbf815b3d02d3855720000000000000000006e8ba8bb4360e73d38c36c5079968865829f000000000000000000ba4966a44865a854719b76936c89a6375471000000000000000000b0223f8c7e5b927d778874915673901a3754000000000000000000466380a8c522e0681a971f3c23405d415e7b000000000000",
    })
    void matchesPillowByteForByteOnSmallImages(int w, int h, int tw, int th, String expected) {
        RgbImage out = ResizeWithPad.apply(pattern(w, h), tw, th);
        assertThat(out.width()).isEqualTo(tw);
        assertThat(out.height()).isEqualTo(th);
        assertThat(HexFormat.of().formatHex(out.pixels())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}x{1} -> 224x224")
    @CsvSource({
        "320, 180, 3e75f14e9fa462558efaa0f8defc5ecaa8676a65f04cc2039741e839e93ff2ca",   // the droid preset's renders
        "256, 256, 996d5d8a3aa9dd097042b206153d454ff752836c5b3fb059daccd348707806f0",   // libero's
        "640, 480, bd958b6a866b3ada677ede08ece6d98f084b5c447f8609424e84366a846b0e67",   // aloha's
        "1280, 720, 52733bbaa7104a2c5cafed51c46976c8f4dbe5ec074bb8f832c7dd61c9350e1b",  // a DROID ZED frame
    })
    void matchesPillowOnThePresetsSizes(int w, int h, String sha256) throws Exception {
        RgbImage out = ResizeWithPad.apply(pattern(w, h), 224, 224);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out.pixels()))).isEqualTo(sha256);
    }

    @Test
    void anImageOfTheTargetSizeIsReturnedAsItIs() {
        RgbImage img = pattern(224, 224);
        assertThat(ResizeWithPad.apply(img, 224, 224)).isSameAs(img);
    }

    @Test
    void aWideImageIsPaddedWithBlackAboveAndBelow() {
        RgbImage out = ResizeWithPad.apply(new RgbImage(320, 180, filled(320 * 180 * 3)), 224, 224);
        // 320x180 scales to 224x126: 49 black rows above, 49 below
        assertThat(out.rgb(100, 48)).isZero();
        assertThat(out.rgb(100, 49)).isEqualTo(0xffffff);
        assertThat(out.rgb(100, 174)).isEqualTo(0xffffff);
        assertThat(out.rgb(100, 175)).isZero();
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) 255);
        return b;
    }
}
