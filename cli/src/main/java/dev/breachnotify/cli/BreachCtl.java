package dev.breachnotify.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code breachctl}: the communications team's and the DPO's command line. Exit codes: 0 done, 1 unexpected
 * failure (a bug), 2 usage error,
 * 3 partly applied (rows rejected), 4 input rejected (nothing changed), 5 credentials or role, 6 service
 * unreachable or failed.
 */
@Command(
        name = "breachctl",
        mixinStandardHelpOptions = true,
        version = "breachctl 0.1.0",
        description = "Tell every practice about a breach, follow who acted, export the evidence.",
        subcommands = {
            LoginCommand.class,
            PracticesCommand.class,
            ContactsCommand.class,
            PartnersCommand.class,
            AdvisoryCommand.class,
            ProgressCommand.class,
            AuditCommand.class,
            DlqCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:unexpected failure (a bug: please report it)",
            "2:usage error",
            "3:partly applied (some rows rejected)",
            "4:input rejected, nothing changed",
            "5:credentials missing, wrong, or without the role",
            "6:service unreachable or failed"
        })
public final class BreachCtl {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its exit-code mapping, for tests that run breachctl in process. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new BreachCtl());
        commandLine.setExecutionExceptionHandler((exception, line, parsed) -> {
            if (exception instanceof CliException failure) {
                line.getErr().println("breachctl: " + failure.getMessage());
                return failure.exitCode();
            }
            line.getErr()
                    .println("breachctl: unexpected failure ("
                            + exception.getClass().getSimpleName()
                            + (exception.getMessage() == null ? "" : ": " + exception.getMessage())
                            + "); please report it with the command you ran");
            return CliException.UNEXPECTED;
        });
        return commandLine;
    }
}
