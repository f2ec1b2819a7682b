// Command prima is PRIMA's single binary: the API and dashboard server, the
// migration tool, the demo-data seeder.
//
//	@title						PRIMA API
//	@version					1.0
//	@description				PRIMA is a patient-communication platform: patients, reminders over WhatsApp, KakaoTalk and SMS, adherence, campaigns and the message log. All /api/v1 routes except the public ones need `Authorization: Bearer <token>`: a Clerk session token (or a development sign-in token), or an API key (`prima_…`, created on the dashboard's API keys page) that holds the operation's scope (`x-required-scope`: read, write or send). Errors are RFC 9457 application/problem+json.
//	@BasePath					/
//	@securityDefinitions.apikey	BearerAuth
//	@in							header
//	@name						Authorization
//	@description				"Bearer " followed by a Clerk session token (or a development sign-in token).
//	@securityDefinitions.apikey	ApiKeyAuth
//	@in							header
//	@name						Authorization
//	@description				"Bearer " followed by an API key (prima_…).
//	@externalDocs.description	PRIMA README
//	@externalDocs.url			https://github.com/prima-health/prima
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `prima — patient reminders over WhatsApp, KakaoTalk and SMS

Usage:
  prima [command]

Commands:
  serve            start the API, the dashboard and the scheduler (default)
  migrate up       apply pending database migrations
  migrate status   list migrations and whether they are applied
  seed             load demo data into an empty database
  tick             run one scheduler tick (due reminders, retries, failovers, sends) and print its summary
  adherence rebuild [TENANT_ID]
                   recompute the adherence rollup from the reminder occurrences (repairs)
  version          print the version
  help, --help     show this help

Configuration comes from environment variables (and a .env file in the working
directory when present); see README.md for the full table. The most used:
  PRIMA_ENV=development|production   DATABASE_URL=sqlite:./data/prima.db|postgres://…
  PRIMA_ADDR=:8080                   REDIS_URL=redis://…   CLERK_SECRET_KEY / CLERK_JWT_KEY
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(ctx, stdout)
	case "migrate":
		err = migrate(ctx, args, stdout)
	case "seed":
		err = seedCmd(ctx, stdout)
	case "tick":
		err = tick(ctx, stdout)
	case "adherence":
		err = adherenceCmd(ctx, args, stdout)
	case "version", "--version", "-v":
		_, _ = fmt.Fprintln(stdout, "prima", version)
	case "help", "--help", "-h":
		_, _ = fmt.Fprint(stdout, usage)
	default:
		_, _ = fmt.Fprintf(stderr, "prima: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if err != nil {
		_, _ = fmt.Fprintln(stderr, "prima:", err)
		return 1
	}
	return 0
}
