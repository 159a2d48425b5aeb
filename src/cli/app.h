// The scimd command line (a contract other tools rely on):
//
//   scimd serve [--db URL] [--listen HOST:PORT] [--admin-listen HOST:PORT]
//               [--public-url URL] [--threads N]
//   scimd directory add --name NAME [--idp IDP] [--public-url URL] [--db URL] [--json]
//   scimd directory list|show ID|rotate-secret ID|remove ID [--db URL] [--json]
//
// Every flag also reads an environment variable (SCIMD_DB, SCIMD_LISTEN, ...).
#ifndef SCIMD_CLI_APP_H_
#define SCIMD_CLI_APP_H_

namespace scimd::cli {

// Runs the command line; returns the process exit code (0 success, 1 failure,
// CLI11's codes for usage errors).
int Main(int argc, char** argv);

}  // namespace scimd::cli

#endif  // SCIMD_CLI_APP_H_
