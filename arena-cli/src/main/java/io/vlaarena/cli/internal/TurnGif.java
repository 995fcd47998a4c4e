package io.vlaarena.cli.internal;

import io.vlaarena.core.SimState;
import io.vlaarena.sim.EpisodeVideo;
import io.vlaarena.sim.SimModel;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The command line's picture of a turn: both episodes side by side from the front camera, as a GIF. */
public final class TurnGif {
    private TurnGif() {}

    /**
     * Writes {@code left | right} to {@code file} (creating its directory): 320×240 per side, every
     * second state at 200 ms per frame, i.e. twice real time at 5 Hz control.
     */
    public static void write(SimModel model, List<SimState> left, List<SimState> right, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            EpisodeVideo video = EpisodeVideo.of(model, "front", 320, 240);
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file))) {
                video.writeSideBySide(video.initialState(), left, right, 2, 200, o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Writing " + file + " failed: " + e.getMessage(), e);
        }
    }
}
