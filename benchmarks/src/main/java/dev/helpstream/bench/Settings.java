package dev.helpstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The benchmark's settings, from {@code --name=value} arguments (defaults: the full run the issue
 * asks for; {@code --smoke} gives the tiny counts CI runs). An unknown name is an error, so a typo
 * never runs the default silently.
 */
record Settings(
        Set<String> phases,
        Path launcherJar,
        Path workDirectory,
        String jvmOptions,
        Path jsonOutput,
        int ceilingRecords,
        int warmupTickets,
        int closedTickets,
        int concurrency,
        int openRate,
        int openSeconds,
        int mails,
        int smtpConnections,
        int loadTickets,
        int viewRequests,
        Duration completionTimeout,
        String bootstrapServers,
        String gatewayUrl,
        String ingestUrl,
        String smtp,
        int mailboxPort,
        long pid,
        String apiKey) {

    static final List<String> ALL_PHASES = List.of("ceiling", "closed", "open", "mail", "view");

    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("phases", String.join(",", ALL_PHASES)),
            Map.entry("launcher-jar", "launcher/target/helpstream-launcher.jar"),
            Map.entry("work-dir", "benchmarks/target/run"),
            Map.entry("jvm-options", "@launcher/jvm.options"),
            Map.entry("json", "benchmarks/target/benchmark.json"),
            Map.entry("ceiling-records", "200000"),
            Map.entry("warmup-tickets", "2000"),
            Map.entry("closed-tickets", "20000"),
            Map.entry("concurrency", "64"),
            Map.entry("open-rate", "1000"),
            Map.entry("open-seconds", "60"),
            Map.entry("mails", "10000"),
            Map.entry("smtp-connections", "8"),
            Map.entry("load-tickets", "1000000"),
            Map.entry("view-requests", "2000"),
            Map.entry("completion-timeout", "900"),
            Map.entry("gateway-url", ""),
            Map.entry("ingest-url", ""),
            Map.entry("smtp", ""),
            Map.entry("mailbox-port", "0"),
            Map.entry("pid", "0"),
            Map.entry("api-key", "hs_demo_integrator_key"));

    private static final Map<String, String> SMOKE = Map.of(
            "ceiling-records", "2000",
            "warmup-tickets", "20",
            "closed-tickets", "200",
            "concurrency", "16",
            "open-rate", "50",
            "open-seconds", "4",
            "mails", "100",
            "smtp-connections", "4",
            "load-tickets", "2000",
            "view-requests", "50");

    static Settings parse(List<String> args, Map<String, String> environment) {
        Map<String, String> values = new HashMap<>(DEFAULTS);
        if (args.contains("--smoke")) {
            values.putAll(SMOKE);
        }
        for (String arg : args) {
            if (arg.equals("--smoke")) {
                continue;
            }
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments are --name=value (or --smoke), not " + arg);
            }
            String name = arg.substring(2, arg.indexOf('='));
            if (!DEFAULTS.containsKey(name)) {
                throw new IllegalArgumentException("unknown setting --" + name + "; known: " + DEFAULTS.keySet());
            }
            values.put(name, arg.substring(arg.indexOf('=') + 1));
        }
        Set<String> phases = new LinkedHashSet<>(List.of(values.get("phases").split(",")));
        if (!ALL_PHASES.containsAll(phases)) {
            throw new IllegalArgumentException("phases are among " + ALL_PHASES + ", not " + phases);
        }
        Settings settings = new Settings(
                phases,
                Path.of(values.get("launcher-jar")),
                Path.of(values.get("work-dir")),
                values.get("jvm-options"),
                Path.of(values.get("json")),
                positive(values, "ceiling-records"),
                atLeastZero(values, "warmup-tickets"),
                positive(values, "closed-tickets"),
                positive(values, "concurrency"),
                positive(values, "open-rate"),
                positive(values, "open-seconds"),
                positive(values, "mails"),
                positive(values, "smtp-connections"),
                positive(values, "load-tickets"),
                positive(values, "view-requests"),
                Duration.ofSeconds(positive(values, "completion-timeout")),
                environment.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", ""),
                values.get("gateway-url"),
                values.get("ingest-url"),
                values.get("smtp"),
                atLeastZero(values, "mailbox-port"),
                Long.parseLong(values.get("pid")),
                values.get("api-key"));
        if (settings.external()
                && (settings.gatewayUrl.isBlank()
                        || settings.ingestUrl.isBlank()
                        || settings.smtp.isBlank()
                        || settings.mailboxPort == 0)) {
            throw new IllegalArgumentException("with KAFKA_BOOTSTRAP_SERVERS set, give --gateway-url, --ingest-url,"
                    + " --smtp=host:port and --mailbox-port (the port the notifier relays to)");
        }
        if (settings.external()) {
            return settings;
        }
        return new Settings(
                settings.phases,
                settings.launcherJar,
                settings.workDirectory,
                jvmOptions(settings.jvmOptions),
                settings.jsonOutput,
                settings.ceilingRecords,
                settings.warmupTickets,
                settings.closedTickets,
                settings.concurrency,
                settings.openRate,
                settings.openSeconds,
                settings.mails,
                settings.smtpConnections,
                settings.loadTickets,
                settings.viewRequests,
                settings.completionTimeout,
                settings.bootstrapServers,
                settings.gatewayUrl,
                settings.ingestUrl,
                settings.smtp,
                settings.mailboxPort,
                settings.pid,
                settings.apiKey);
    }

    /** Whether the benchmark drives services already running instead of starting the all-in-one. */
    boolean external() {
        return !bootstrapServers.isBlank();
    }

    /**
     * The all-in-one's JVM options: as given, or {@code @file} for the options of a file (one per
     * line, {@code #} comments), by default {@code launcher/jvm.options}, which start.sh reads too.
     */
    private static String jvmOptions(String value) {
        if (!value.startsWith("@")) {
            return value;
        }
        Path file = Path.of(value.substring(1));
        try {
            return Files.readAllLines(file).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(Collectors.joining(" "));
        } catch (IOException e) {
            throw new IllegalArgumentException("--jvm-options names " + file + ", which cannot be read: " + e);
        }
    }

    private static int positive(Map<String, String> values, String name) {
        int value = atLeastZero(values, name);
        if (value == 0) {
            throw new IllegalArgumentException("--" + name + " must be positive");
        }
        return value;
    }

    private static int atLeastZero(Map<String, String> values, String name) {
        try {
            int value = Integer.parseInt(values.get(name).replace("_", ""));
            if (value < 0) {
                throw new IllegalArgumentException("--" + name + " must not be negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, not " + values.get(name));
        }
    }
}
