//! The `leastpriv` binary: parse the command line, run, map the result to an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = leastpriv::cli::parse();
    match leastpriv::cli::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("leastpriv: error: {err}");
            ExitCode::from(leastpriv::cli::EXIT_ERROR)
        }
    }
}
