package dev.helpstream.bench.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time and resident memory of a Linux process, read from {@code /proc/<pid>/stat} and {@code
 * /proc/<pid>/status}: user+system time in clock ticks (100 per second on Linux) and {@code VmHWM},
 * the kernel's own record of the peak resident set since the process started (so no sampling can
 * miss a peak).
 */
public final class ProcessMeter {

    private static final double TICKS_PER_SECOND = 100.0;

    private final long pid;

    public ProcessMeter(long pid) {
        this.pid = pid;
    }

    /** User plus system CPU seconds the process has used so far. */
    public double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name, in parentheses, may hold spaces: count fields after its closing one.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(fields[11]);
            long stime = Long.parseLong(fields[12]);
            return (utime + stime) / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the CPU time of process " + pid, e);
        }
    }

    /** The peak resident set size so far, in bytes. */
    public long peakRssBytes() {
        return statusKilobytes("VmHWM:") * 1024;
    }

    /**
     * The resident set now, in bytes, by kind: anonymous memory (the heap, metaspace, thread
     * stacks, native allocations) and file-backed pages (mapped files: Lucene's index, Kafka's
     * index files, the jars), which the kernel can drop and read again.
     */
    public Resident resident() {
        return new Resident(statusKilobytes("RssAnon:") * 1024, statusKilobytes("RssFile:") * 1024);
    }

    /** A reading of the resident set by kind, in bytes. */
    public record Resident(long anonymousBytes, long fileBytes) {}

    private long statusKilobytes(String field) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            for (String line : lines) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
            throw new IllegalStateException("no " + field + " for process " + pid);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the memory of process " + pid, e);
        }
    }
}
