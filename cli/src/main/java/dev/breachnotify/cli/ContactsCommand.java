package dev.breachnotify.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The practices' contacts. */
@Command(
        name = "contacts",
        description = "The practices' contacts (owner, doctors, manager, data protection).",
        mixinStandardHelpOptions = true,
        subcommands = ContactsCommand.Import.class)
final class ContactsCommand {

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = "Import a contacts file (CSV: practice_id, contact_id, name, role, email, channel, language;"
                    + " or JSON): the contacts of each practice it names replace the ones it had. A file with any"
                    + " problem imports nothing (exit 4).")
    static final class Import implements Callable<Integer> {

        @Mixin
        Connection connection;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the contacts file (.csv or .json)")
        Path file;

        @Override
        public Integer call() {
            return DirectoryUpload.upload(
                    connection, spec.commandLine().getOut(), file, "/api/practices/contacts/import", true);
        }
    }
}
