package nndl4j.cli;

import nndl4j.Backends;
import picocli.CommandLine.Command;

/** {@code nndl4j info}: version, Java, and each backend with whether it can run here. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the version, the Java runtime and which backends can run here.")
final class InfoCommand implements Runnable {

    @Override
    public void run() {
        System.out.println("nndl4j " + Main.version());
        System.out.println("java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")");
        System.out.println("backends:");
        for (Backends.Availability a : Backends.probeAll()) {
            System.out.println(backendLine(a));
        }
    }

    /** A backend's line under {@code backends:}: name, available or not, and its description or why not. */
    static String backendLine(Backends.Availability a) {
        return String.format("  %-14s %-12s %s", a.name(), a.available() ? "available" : "unavailable", a.detail());
    }
}
