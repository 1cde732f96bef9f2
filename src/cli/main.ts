/**
 * The CLI's composition root: `sigstore-action sign|sign-bundle`. Same engine as the action;
 * this file turns argv and the environment into the same typed configuration.
 */
import * as core from '@actions/core';
import { describeError } from '../errors.js';
import { routeSigstoreLogs } from '../action/sigstore-logs.js';
import { networkOptions, type NetworkOptions } from '../net/service-client.js';
import { runnerTokenFetcher } from '../sigstore/runner-token.js';
import { runSign } from '../sign/run.js';
import {
  AmbientIdentityProvider,
  StaticIdentityProvider,
  type IdentityProvider,
} from '../sigstore/identity.js';
import {
  CliUsageError,
  parseSignArgs,
  parseSignBundleArgs,
  parseVerifyArgs,
  parseVerifyBundleArgs,
  USAGE,
} from './args.js';
import { verifyBundleCommand } from './verify-bundle.js';
import { verifiedLine, verifyFailureMessage } from '../report/verify-report.js';
import { allowedHTTPHosts } from '../sigstore/destinations.js';
import { loadTrustedRoot } from '../sigstore/instance.js';
import { BundleVerifier } from '../verify/bundle-verifier.js';
import { runVerify } from '../verify/run.js';
import { readBundle, verifyArtifact } from '../verify/verify-file.js';
import { printable, printableMessage, printableName } from '../report/log-text.js';
import { renderWorkflowCommands } from './workflow-commands.js';
import { signBundle } from './sign-bundle.js';
import { counted } from '../report/wording.js';
import { signFailureMessage } from '../report/sign-report.js';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const verbose = rest.includes('--verbose');
  // Outside a runner, show the toolkit's workflow commands (::debug:: and friends) as plain
  // lines on stderr; inside one, leave them for the runner (it masks secrets from them).
  if (process.env.GITHUB_ACTIONS !== 'true') renderWorkflowCommands({ verbose });
  const stopLogs = routeSigstoreLogs();
  const secrets: string[] = [];
  try {
    switch (command) {
      case 'sign': {
        const { config } = parseSignArgs(rest);
        if (config.identityToken) secrets.push(config.identityToken);
        const network = networkOptions(config.timeoutMinutes);
        const report = await runSign(config, {
          baseDir: process.cwd(),
          identityProvider: identityProvider(
            config.identityToken,
            config.oidcAudience,
            secrets,
            network,
          ),
          httpHosts: allowedHTTPHosts(process.env),
          network,
        });
        const { signed, failed } = report.outcome;
        if (failed.length > 0) {
          core.error(signFailureMessage(report, secrets)!);
          if (signed.length > 0)
            core.info(`${counted(signed.length, 'file')} signed; their bundles are written.`);
          return 1;
        }
        core.info(
          `${report.attestation ? 'Attested' : 'Signed'} ${counted(signed.length, 'file')} as ${printable(signed[0]?.identity ?? '?')}`,
        );
        return 0;
      }
      case 'sign-bundle': {
        const options = parseSignBundleArgs(rest);
        secrets.push(options.identityToken);
        await signBundle(options);
        return 0;
      }
      case 'verify': {
        const command = parseVerifyArgs(rest);
        if (command.kind === 'digest') {
          const { trustedRoot } = await loadTrustedRoot(command.config.trust, {
            httpHosts: allowedHTTPHosts(process.env),
          });
          const verified = await verifyArtifact(
            new BundleVerifier(trustedRoot),
            { kind: 'digest', sha256: command.sha256, displayPath: command.argument },
            await readBundle(command.bundlePath, command.bundlePath),
            { kind: 'identity', policy: command.config.policy },
            {
              predicateType: command.config.predicateType,
              plainSignature: !command.config.predicateType,
            },
          );
          core.info(
            `OK      ${printableName(command.argument)}: signed by ${printable(verified.claims.identity ?? '?')}`,
          );
          return 0;
        }
        const report = await runVerify(command.config, {
          baseDir: process.cwd(),
          httpHosts: allowedHTTPHosts(process.env),
        });
        const failure = verifyFailureMessage(report);
        if (failure) {
          core.error(failure);
          return 1;
        }
        const others = report.results.filter((r) => r.bundleOf).length;
        core.info(verifiedLine(report.results.length - others, others));
        return 0;
      }
      case 'verify-bundle': {
        const options = parseVerifyBundleArgs(rest);
        const signer = await verifyBundleCommand(options);
        core.info(`Verified ${printableName(options.artifact)}: signed by ${printable(signer)}`);
        return 0;
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new CliUsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof CliUsageError) {
      process.stderr.write(`sigstore-action: ${printableMessage(err.message)}\n\n${USAGE}`);
      return 2;
    }
    core.error(describeError(err, secrets));
    return 1;
  } finally {
    stopLogs();
  }
}

/** An explicit token, else the ambient one of a GitHub Actions job (in a `run:` step). */
function identityProvider(
  token: string | undefined,
  audience: string | undefined,
  secrets: string[],
  network: NetworkOptions,
): IdentityProvider {
  if (token) return new StaticIdentityProvider(token, { input: '--identity-token', audience });
  return new AmbientIdentityProvider(
    process.env,
    runnerTokenFetcher(process.env, network, (value) => secrets.push(value)),
    audience,
  );
}

process.exitCode = await main(process.argv.slice(2));
