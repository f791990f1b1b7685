package dev.helpstream.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The one-command start as the journeys run it: a fresh embedded broker and free ports everywhere. */
final class TestLauncher {

    private TestLauncher() {}

    /**
     * Starts the launcher with its data under {@code dataDirectory}; {@code settings} (property
     * name to value) replace the defaults or add to them.
     */
    static ConfigurableApplicationContext start(Path dataDirectory, Map<String, String> settings) {
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("server.port", "0");
        arguments.put("helpstream.kafka.bootstrap-servers", "");
        arguments.put("helpstream.kafka.embedded.port", "0");
        for (String service : new String[] {"routing", "ingest", "gateway", "notifier", "sla"}) {
            arguments.put("helpstream.services." + service + "-port", "0");
        }
        arguments.put("helpstream.mail.smtp-port", "0");
        arguments.put("helpstream.mail.sink.smtp-port", "0");
        arguments.put("helpstream.mail.sink.imap-port", "0");
        arguments.put("helpstream.data-directory", dataDirectory.toString());
        arguments.put(
                "helpstream.kafka.embedded.data-directory",
                dataDirectory.resolve("kafka").toString());
        arguments.putAll(settings);
        return new SpringApplicationBuilder(HelpstreamLauncher.class)
                .run(arguments.entrySet().stream()
                        .map(argument -> "--" + argument.getKey() + "=" + argument.getValue())
                        .toArray(String[]::new));
    }

    static ConfigurableApplicationContext start(Path dataDirectory) {
        return start(dataDirectory, Map.of());
    }

    /** The base URL of a service the launcher runs, e.g. {@code api-gateway}. */
    static String endpoint(ConfigurableApplicationContext launcher, String service) {
        return launcher.getBean(ServiceRunner.class).endpoints().stream()
                .filter(endpoint -> endpoint.startsWith(service + " "))
                .map(endpoint -> endpoint.substring(service.length() + 1))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(service + " is not running"));
    }
}
