package dev.helpstream.bench.report;

import dev.helpstream.bench.verify.Verification.PhaseFigures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark's one table and its JSON twin. Each target of the issue is a row with its figure and
 * whether it is met; a phase that was not run shows as such. Only a verified run gets here: the
 * verdict is printed before, and a failed run prints no figures at all.
 */
public final class Report {

    /** The targets the run is judged against. */
    static final double TICKETS_PER_SECOND = 4_000;

    static final double VISIBLE_P99_MILLIS = 250;
    static final double ACKNOWLEDGEMENT_P99_MILLIS = 1_000;
    static final double MAILS_PER_SECOND = 1_000;
    static final long RSS_BYTES = 1_536L * 1024 * 1024;
    static final double VIEW_P99_MILLIS = 50;
    static final int VIEW_TICKETS = 1_000_000;

    private final List<String[]> rows = new ArrayList<>();
    private final Map<String, Object> json = new LinkedHashMap<>();

    private Report() {}

    /** The table, as printed. */
    public static String table(Figures figures) {
        Report report = new Report();
        report.build(figures);
        return report.render(figures);
    }

    /** The same figures as JSON. */
    public static String json(Figures figures) {
        Report report = new Report();
        report.build(figures);
        ObjectMapper mapper =
                JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        return mapper.writeValueAsString(report.json);
    }

    public static void writeJson(Figures figures, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, json(figures));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void build(Figures figures) {
        json.put("runId", figures.runId());
        json.put("stack", figures.stack());
        json.put("cores", figures.cores());
        json.put("verified", true);
        Figures.Ceiling ceiling = figures.ceiling();
        if (ceiling != null) {
            row(
                    "Kafka ceiling: producer, " + ceiling.recordBytes() + " B records, acks=all, idempotent",
                    String.format(
                            Locale.ROOT,
                            "%s rec/s (%.1f MB/s)",
                            count(ceiling.producerPerSecond()),
                            ceiling.producerMegabytesPerSecond()),
                    "",
                    "");
            row(
                    "Kafka ceiling: Kafka Streams exactly_once_v2 pass-through",
                    count(ceiling.eosPassThroughPerSecond()) + " rec/s",
                    "",
                    "");
            json.put(
                    "ceiling",
                    Map.of(
                            "records", ceiling.records(),
                            "recordBytes", ceiling.recordBytes(),
                            "producerRecordsPerSecond", round(ceiling.producerPerSecond()),
                            "producerMegabytesPerSecond", round(ceiling.producerMegabytesPerSecond()),
                            "eosPassThroughRecordsPerSecond", round(ceiling.eosPassThroughPerSecond())));
        }
        Figures.Closed closed = figures.closedLoop();
        if (closed != null) {
            PhaseFigures phase = closed.figures();
            row(
                    "Tickets, closed loop (" + closed.concurrency() + " in flight, " + count(phase.tickets())
                            + " tickets): accepted by the API",
                    count(phase.acceptedPerSecond()) + " tickets/s",
                    "",
                    "");
            row(
                    "Tickets end to end: API → routing → SLA → notifier → mail, and in the staff view",
                    count(phase.endToEndPerSecond()) + " tickets/s",
                    "≥ " + count(TICKETS_PER_SECOND) + "/s",
                    met(phase.endToEndPerSecond() >= TICKETS_PER_SECOND));
            Map<String, Object> closedJson = phaseJson(phase);
            closedJson.put("concurrency", closed.concurrency());
            if (ceiling != null) {
                double ratio = phase.endToEndPerSecond() / ceiling.eosPassThroughPerSecond();
                row(
                        "Ratio of end-to-end tickets/s to the EOS pass-through ceiling",
                        String.format(Locale.ROOT, "%.3f", ratio),
                        "",
                        "");
                closedJson.put("ratioToEosCeiling", round(ratio, 4));
            }
            json.put("closedLoop", closedJson);
        }
        Figures.Open open = figures.openLoop();
        if (open != null) {
            PhaseFigures phase = open.figures();
            String at = open.rate() + "/s for " + open.seconds() + " s";
            boolean targetRate = open.rate() == 1_000;
            row("Tickets, open loop " + at + ": due → accepted (HTTP)", percentiles(phase.acceptLatency()), "", "");
            row(
                    "Open loop: accepted → TicketOpened read from tickets.events.v1",
                    percentiles(phase.openedLatency()),
                    "",
                    "");
            double visible = millis(phase.visibleLatency().getValueAtPercentile(99));
            row(
                    "Open loop: accepted → visible in the staff view",
                    percentiles(phase.visibleLatency()),
                    "p99 ≤ " + count(VISIBLE_P99_MILLIS) + " ms at 1,000/s",
                    targetRate ? met(visible <= VISIBLE_P99_MILLIS) : "n/a (rate " + open.rate() + ")");
            double acknowledged = millis(phase.acknowledgementLatency().getValueAtPercentile(99));
            row(
                    "Open loop: accepted → acknowledgement mail received",
                    percentiles(phase.acknowledgementLatency()),
                    "p99 ≤ " + count(ACKNOWLEDGEMENT_P99_MILLIS) + " ms at 1,000/s",
                    targetRate ? met(acknowledged <= ACKNOWLEDGEMENT_P99_MILLIS) : "n/a (rate " + open.rate() + ")");
            Map<String, Object> openJson = phaseJson(phase);
            openJson.put("rate", open.rate());
            openJson.put("seconds", open.seconds());
            json.put("openLoop", openJson);
        }
        Figures.Mail mail = figures.mail();
        if (mail != null) {
            PhaseFigures phase = mail.figures();
            row(
                    "Email intake through SMTP (" + mail.connections() + " connections, " + count(phase.tickets())
                            + " mails)",
                    count(mail.acceptedPerSecond()) + " mails/s",
                    "≥ " + count(MAILS_PER_SECOND) + "/s",
                    met(mail.acceptedPerSecond() >= MAILS_PER_SECOND));
            row(
                    "Mail tickets end to end (opened, SLA, acknowledged)",
                    count(phase.endToEndPerSecond()) + " tickets/s",
                    "",
                    "");
            row("Mail: accepted → acknowledgement mail received", percentiles(phase.acknowledgementLatency()), "", "");
            Map<String, Object> mailJson = phaseJson(phase);
            mailJson.put("connections", mail.connections());
            mailJson.put("smtpAcceptedPerSecond", round(mail.acceptedPerSecond()));
            json.put("mail", mailJson);
        }
        Figures.View view = figures.view();
        if (view != null) {
            row(
                    "Loaded " + count(view.tickets()) + " tickets into tickets.state.v1; indexed by the gateway",
                    count(view.loadedPerSecond()) + " tickets/s written, indexed in "
                            + String.format(Locale.ROOT, "%.0f s", view.indexedSeconds()),
                    "",
                    "");
            double p99 = millis(view.latency().getValueAtPercentile(99));
            boolean full = view.tickets() >= VIEW_TICKETS;
            row(
                    "Staff view page of 50 (" + view.path() + ")",
                    percentiles(view.latency()),
                    "p99 < " + count(VIEW_P99_MILLIS) + " ms with 1M tickets",
                    full ? met(p99 < VIEW_P99_MILLIS) : "n/a (" + count(view.tickets()) + " tickets)");
            Map<String, Object> viewJson = new LinkedHashMap<>();
            viewJson.put("tickets", view.tickets());
            viewJson.put("loadedPerSecond", round(view.loadedPerSecond()));
            viewJson.put("indexedSeconds", round(view.indexedSeconds()));
            viewJson.put("path", view.path());
            viewJson.put("latencyMillis", latencyJson(view.latency()));
            json.put("staffView", viewJson);
        }
        if (figures.peakRssBytes() >= 0) {
            row(
                    "Peak RSS of the all-in-one",
                    String.format(Locale.ROOT, "%,d MB", figures.peakRssBytes() / (1024 * 1024)),
                    "≤ 1.5 GB",
                    met(figures.peakRssBytes() <= RSS_BYTES));
            json.put("peakRssBytes", figures.peakRssBytes());
            if (figures.peakAnonymousBytes() >= 0) {
                row(
                        "Peak RSS by kind, sampled: anonymous (heap, metaspace, threads, native) / file-backed"
                                + " (mapped index files, jars)",
                        String.format(
                                Locale.ROOT,
                                "%,d MB / %,d MB",
                                figures.peakAnonymousBytes() / (1024 * 1024),
                                figures.peakFileBytes() / (1024 * 1024)),
                        "",
                        "");
                json.put("peakAnonymousRssBytes", figures.peakAnonymousBytes());
                json.put("peakFileRssBytes", figures.peakFileBytes());
            }
        }
        Map<String, Object> cpuJson = new LinkedHashMap<>();
        figures.cpu().forEach((phase, cpu) -> {
            row(
                    "CPU during " + phase + ": the all-in-one / the load generator",
                    String.format(
                            Locale.ROOT,
                            "%.1f s / %.1f s in %.1f s (%.2f / %.2f of %d cores)",
                            cpu.seconds(),
                            cpu.generatorSeconds(),
                            cpu.wallSeconds(),
                            cpu.cores(),
                            cpu.generatorCores(),
                            figures.cores()),
                    "",
                    "");
            cpuJson.put(
                    phase,
                    Map.of(
                            "cpuSeconds", round(cpu.seconds()),
                            "generatorCpuSeconds", round(cpu.generatorSeconds()),
                            "wallSeconds", round(cpu.wallSeconds()),
                            "cores", round(cpu.cores(), 2),
                            "generatorCores", round(cpu.generatorCores(), 2)));
        });
        json.put("cpu", cpuJson);
        json.put("notes", figures.notes());
    }

    private String render(Figures figures) {
        int[] widths = new int[4];
        String[] header = {"figure", "measured", "target", "met"};
        for (String[] row : withHeader(header)) {
            for (int i = 0; i < 4; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("Helpstream benchmark, run ")
                .append(figures.runId())
                .append(": ")
                .append(figures.stack())
                .append(", ")
                .append(figures.cores())
                .append(" cores\n");
        out.append("VERIFIED: every ticket opened exactly once, every acknowledgement mail received exactly once,"
                + " no dead letters\n\n");
        String separator = line(widths);
        out.append(separator);
        out.append(format(header, widths));
        out.append(separator);
        for (String[] row : rows) {
            out.append(format(row, widths));
        }
        out.append(separator);
        for (String note : figures.notes()) {
            out.append("note: ").append(note).append('\n');
        }
        return out.toString();
    }

    private List<String[]> withHeader(String[] header) {
        List<String[]> all = new ArrayList<>(rows);
        all.add(header);
        return all;
    }

    private static String line(int[] widths) {
        StringBuilder line = new StringBuilder("+");
        for (int width : widths) {
            line.append("-".repeat(width + 2)).append('+');
        }
        return line.append('\n').toString();
    }

    private static String format(String[] row, int[] widths) {
        StringBuilder line = new StringBuilder("|");
        for (int i = 0; i < row.length; i++) {
            line.append(' ')
                    .append(row[i])
                    .append(" ".repeat(widths[i] - row[i].length()))
                    .append(" |");
        }
        return line.append('\n').toString();
    }

    private void row(String figure, String measured, String target, String met) {
        rows.add(new String[] {figure, measured, target, met});
    }

    private static String met(boolean met) {
        return met ? "MET" : "NOT MET";
    }

    private static Map<String, Object> phaseJson(PhaseFigures phase) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tickets", phase.tickets());
        json.put("acceptedPerSecond", round(phase.acceptedPerSecond()));
        json.put("endToEndPerSecond", round(phase.endToEndPerSecond()));
        json.put("acceptLatencyMillis", latencyJson(phase.acceptLatency()));
        json.put("openedLatencyMillis", latencyJson(phase.openedLatency()));
        if (phase.visibleLatency() != null) {
            json.put("visibleLatencyMillis", latencyJson(phase.visibleLatency()));
        }
        json.put("acknowledgementLatencyMillis", latencyJson(phase.acknowledgementLatency()));
        return json;
    }

    private static Map<String, Object> latencyJson(Histogram histogram) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("count", histogram.getTotalCount());
        json.put("p50", round(millis(histogram.getValueAtPercentile(50)), 2));
        json.put("p90", round(millis(histogram.getValueAtPercentile(90)), 2));
        json.put("p99", round(millis(histogram.getValueAtPercentile(99)), 2));
        json.put("max", round(millis(histogram.getMaxValue()), 2));
        return json;
    }

    /** p50 / p90 / p99 / max in milliseconds. */
    static String percentiles(Histogram micros) {
        return String.format(
                Locale.ROOT,
                "p50 %s / p90 %s / p99 %s / max %s ms",
                ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(90)),
                ms(micros.getValueAtPercentile(99)),
                ms(micros.getMaxValue()));
    }

    private static String ms(long micros) {
        double millis = millis(micros);
        return millis < 10 ? String.format(Locale.ROOT, "%.1f", millis) : String.format(Locale.ROOT, "%,.0f", millis);
    }

    private static double millis(long micros) {
        return micros / 1_000.0;
    }

    private static String count(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static double round(double value) {
        return round(value, 1);
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
