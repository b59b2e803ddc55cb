package dev.breachnotify.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code breachctl login}: a person signs in at the company's identity provider with the device authorization
 * flow (RFC 8628), in any browser, with the provider's password and MFA; the access token is saved for the
 * following commands (see {@link SavedToken}) or printed for {@code BN_TOKEN}.
 */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = "Sign in at the identity provider (device authorization); later commands use the token.")
final class LoginCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--issuer",
            required = true,
            defaultValue = "${env:BN_OIDC_ISSUER}",
            description = "the identity provider's issuer URL (env BN_OIDC_ISSUER)")
    String issuer;

    @Option(
            names = "--client-id",
            defaultValue = "${env:BN_OIDC_CLIENT_ID:-breachctl}",
            description = "breachctl's public client at the provider (env BN_OIDC_CLIENT_ID, default ${DEFAULT-VALUE})")
    String clientId;

    @Option(
            names = "--scope",
            defaultValue = "${env:BN_OIDC_SCOPE:-openid profile}",
            description = "scopes to ask for; with Entra ID the API's, e.g. api://<id>/.default (env BN_OIDC_SCOPE)")
    String scope;

    @Option(names = "--print-token", description = "print the access token instead of saving it")
    boolean printToken;

    DeviceAuthorization.Sleeper sleeper = duration -> Thread.sleep(duration.toMillis());

    @Override
    public Integer call() {
        DeviceAuthorization device = new DeviceAuthorization(sleeper);
        DeviceAuthorization.Endpoints endpoints = device.discover(issuer);
        DeviceAuthorization.Started started = device.start(endpoints, clientId, scope);
        PrintWriter err = spec.commandLine().getErr();
        err.println("Open "
                + (started.verificationUriComplete() != null
                        ? started.verificationUriComplete()
                        : started.verificationUri())
                + " and enter the code " + started.userCode());
        err.flush();
        DeviceAuthorization.Token token = device.await(endpoints, clientId, started);
        if (printToken) {
            spec.commandLine().getOut().println(token.accessToken());
        } else {
            SavedToken saved = SavedToken.fromEnvironment(System.getenv());
            saved.write(token.accessToken(), token.expiresInSeconds());
            err.println("Signed in; the token is saved in " + saved.file() + " for " + token.expiresInSeconds() / 60
                    + " minutes.");
        }
        return 0;
    }
}
