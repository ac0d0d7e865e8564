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
            System.out.printf("  %-14s %-12s %s%n", a.name(), a.available() ? "available" : "unavailable", a.detail());
        }
    }
}
