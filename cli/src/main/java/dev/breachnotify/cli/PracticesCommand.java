package dev.breachnotify.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The practice directory. */
@Command(
        name = "practices",
        description = "The practice directory.",
        mixinStandardHelpOptions = true,
        subcommands = PracticesCommand.Import.class)
final class PracticesCommand {

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = "Import a directory file (CSV with ';' or ',', or JSON) and print the validation report.")
    static final class Import implements Callable<Integer> {

        @Mixin
        Connection connection;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the directory file (.csv or .json)")
        Path file;

        @Option(
                names = "--strict",
                description = "reject the whole file if any row is bad (default: import the "
                        + "valid rows and report the rest)")
        boolean strict;

        @Override
        public Integer call() {
            return DirectoryUpload.upload(
                    connection, spec.commandLine().getOut(), file, "/api/practices/import?strict=" + strict, false);
        }
    }
}
