package io.vlaarena.cli.internal;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** A one-line progress bar with an estimate of the time left, redrawn on a terminal stream. */
public final class Progress {
    private final PrintWriter out;
    private final String label;
    private final int total;
    private final long start = System.nanoTime();
    private int done;

    /** A bar for {@code total} units of work. */
    public Progress(PrintWriter out, String label, int total) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
        draw();
    }

    /** One more unit done. */
    public void step() {
        done++;
        draw();
        if (done >= total) {
            out.println();
            out.flush();
        }
    }

    private void draw() {
        int width = 30;
        int filled = (int) ((long) width * done / total);
        long elapsed = System.nanoTime() - start;
        String eta = done == 0 ? "?" : format(Duration.ofNanos(elapsed / done * (total - done)));
        out.printf(Locale.ROOT, "\r%s [%s%s] %d/%d, %s elapsed, %s left ", label, "#".repeat(filled), " ".repeat(width - filled),
                done, total, format(Duration.ofNanos(elapsed)), eta);
        out.flush();
    }

    private static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
    }
}
