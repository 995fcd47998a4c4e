package io.vlaarena.cli.internal;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps a started service in the foreground until Ctrl-C or SIGTERM (a shutdown hook), or until the
 * calling thread is interrupted (a test, an embedding application), then closes it once and prints
 * {@code "<command>: stopped"}.
 */
public final class UntilStopped {
    private UntilStopped() {}

    /**
     * Runs {@code ready} (which prints the ready line), then waits and closes {@code service}.
     *
     * @param command the command's name for the last line, e.g. {@code "arena serve"}
     */
    public static void serve(String command, AutoCloseable service, PrintWriter out, Runnable ready) {
        AtomicBoolean stopped = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Runnable stop = () -> {
            try {
                service.close();
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
            } finally {
                if (stopped.compareAndSet(false, true)) {
                    out.println(command + ": stopped");
                    out.flush();
                }
                done.countDown();
            }
        };
        Thread hook = new Thread(stop, command.replace(' ', '-') + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean interrupted = false;
        try {
            ready.run();
            out.println("Press Ctrl-C to stop.");
            out.flush();
            done.await();
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it stops the service
            }
            stop.run(); // with the interrupt flag clear, so that the service can wait for requests in flight
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
