//! The `quarterdeck` binary: parse the command line, call the library, print one message at
//! the edge, and map the outcome to an exit code (0 ok, 1 gate failed, 2 usage/input error,
//! 130 interrupted).

use std::process::ExitCode;

use clap::Parser;

mod cli;
mod commands;

use cli::{Cli, Command};

fn main() -> ExitCode {
    // A panic's message can quote repository text: print it escaped, on one line, like every
    // other stderr line (README "Security").
    std::panic::set_hook(Box::new(|info| {
        commands::say(&format!("quarterdeck: internal error: {info}"));
    }));
    let cli = Cli::parse();
    // Ctrl-C and SIGTERM set the cancel flag that every long stage polls (README "Outputs and
    // interruption"); a second signal exits at once.
    let _ = ctrlc::set_handler(|| {
        if quarterdeck::util::cancel::CANCEL.swap(true, std::sync::atomic::Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
    let result = match cli.command {
        Command::Audit(args) => commands::audit::run(&args),
        Command::Diff(args) => commands::compare::diff(&args),
        Command::Trend(args) => commands::compare::trend(&args),
        Command::Merge(args) => commands::compare::merge(&args),
        Command::Report(args) => commands::report::run(&args),
        Command::Deps(args) => commands::deps::run(&args),
        Command::Rules(args) => commands::rules(&args),
    };
    match result {
        // A signal that came after the outputs were in place no longer changes the outcome.
        Ok(code) => code,
        Err(_) if quarterdeck::util::cancel::cancelled() => {
            eprintln!("quarterdeck: interrupted; the previous outputs were left as they were");
            ExitCode::from(130)
        }
        Err(err) => {
            commands::say(&format!("quarterdeck: {}", commands::one_line(&err)));
            ExitCode::from(2)
        }
    }
}
