//! The `relx` binary: everything happens in `relx::cli`.

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(relx::cli::main())
}
